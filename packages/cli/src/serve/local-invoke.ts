/**
 * `tsappa invoke <stage> --local`: one event sent to the stage's package running locally, in the
 * container `tsappa serve` runs (./local-stage.ts: the same build, Lambda-like layout, declared
 * tables and AWS endpoints), with the function's logs captured. Tasks the invocation dispatches
 * run before it returns, as they would in serve. The answer has the shape of a deployed
 * invocation's (../deploy/invoke.ts), so the command prints both the same way.
 */
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { stackName, type ResolvedSettings } from '@tsappa/templates';
import type { InvokeResult } from '../deploy/invoke.js';
import type { InvokeOutcome } from './function-host.js';
import { startLocalStage } from './local-stage.js';
import { findRunningSession, invokeRunningSession } from './serve-session.js';

/** Where a running `tsappa serve` of the stage says how to reach it. */
export function serveSessionFile(projectDir: string, stage: string): string {
  return join(projectDir, '.tsappa', `${stage}-serve.json`);
}

/** A local invocation's answer; `servedBy` is the pid of the running `tsappa serve` that ran it, if one did. */
export type LocalInvokeResult = InvokeResult & { servedBy: number | null };

export interface LocalInvokeOptions {
  settings: ResolvedSettings;
  event: unknown;
  /** the emulator the function's other AWS calls go to */
  awsEndpoint?: string;
  /** keep the declared tables' data in this folder (default: in memory, gone after the call) */
  persistDir?: string;
  /** serve's own lines (build, tables, tasks) */
  log?: (line: string) => void;
  /** where the build is extracted (default: the OS temp directory) */
  tempDir?: string;
  /** send the event to the running `tsappa serve` of the stage when there is one (default true) */
  useRunningServe?: boolean;
}

/** A stream that keeps what is written to it. */
function capture(): Writable & { text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  }) as Writable & { text: () => string };
  stream.text = () => Buffer.concat(chunks).toString('utf8');
  return stream;
}

function toResult(functionName: string, outcome: InvokeOutcome, log: string, servedBy: number | null): LocalInvokeResult {
  return outcome.ok
    ? { functionName, statusCode: 200, functionError: null, result: outcome.value ?? null, log, servedBy }
    : { functionName, statusCode: 200, functionError: outcome.timedOut ? 'Unhandled (timed out)' : 'Unhandled', result: outcome.error, log, servedBy };
}

/**
 * Sends `event` to the running `tsappa serve` of the stage (its logs stay in serve's terminal), or
 * else builds the stage, sends it the event once, waits for the tasks it dispatched, and stops.
 */
export async function invokeLocally(options: LocalInvokeOptions): Promise<LocalInvokeResult> {
  const { settings } = options;
  const running = options.useRunningServe === false ? null : findRunningSession(serveSessionFile(settings.projectDir, settings.stage));
  if (running) {
    const outcome = await invokeRunningSession(running, options.event);
    return toResult(stackName(settings), outcome, '', running.pid);
  }
  const logs = capture();
  const stage = await startLocalStage({
    loadSettings: async () => options.settings,
    log: options.log ?? (() => {}),
    port: 0,
    schedules: false,
    watch: false,
    functionStdout: logs,
    functionStderr: logs,
    ...(options.awsEndpoint ? { awsEndpoint: options.awsEndpoint } : {}),
    ...(options.persistDir ? { persistDir: options.persistDir } : {}),
    ...(options.tempDir ? { tempDir: options.tempDir } : {}),
  });
  const functionName = stage.serve.env.AWS_LAMBDA_FUNCTION_NAME ?? stage.settings.projectName;
  let outcome: InvokeOutcome;
  try {
    outcome = await stage.serve.invoke(options.event);
    await stage.serve.tasksIdle();
  } finally {
    // the containers are gone once closed: everything they wrote has been read
    await stage.close();
  }
  return toResult(functionName, outcome, logs.text(), null);
}
