/**
 * The engine of `tsappa serve`: a packaged stage running locally behind a local API Gateway,
 * with its schedules and tasks, and no AWS account.
 *
 *   const serve = await startServe({ settings, handlerFile: '/…/build/handler.mjs', port: 8000 });
 *   // serve.url === 'http://127.0.0.1:8000/dev'; serve.apiKey with apiKeyRequired
 *   serve.restart({ handlerFile });   // after a rebuild
 *   await serve.close();
 *
 * The parts, one per file: function-host (child processes running the handler), gateway (HTTP
 * → REST v1 proxy events, API key, SigV4, authorizer, CORS), scheduler (rate/cron rules),
 * tasks (async invocations with retries, dead-letter file, the runtime's local hook).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { stackName, type ResolvedSettings } from '@tsappa/templates';
import { ConsoleBus, describeInvocation } from './console-events.js';
import { isLoopbackHost } from './console/console-guard.js';
import { createConsoleServer, isConsolePath, CONSOLE_PATH, type ConsoleServer } from './console/console-server.js';
import { FunctionHost, type InvokeOutcome } from './function-host.js';
import { createGateway } from './gateway.js';
import type { ServeLog } from './log.js';
import { Scheduler, scheduleRules } from './scheduler.js';
import { generateCredentials, type LocalCredentials } from './sigv4.js';
import { AsyncInvoker, LocalAws, type TaskRecord } from './tasks.js';
import { LOCAL_TASK_BUCKET, TaskPayloads } from './task-payloads.js';

export type { InvokeOutcome, LambdaError } from './function-host.js';
export type { LocalCredentials } from './sigv4.js';
export type { ServeLog } from './log.js';
export type { DeadLetter, TaskRecord } from './tasks.js';
export { parseScheduleExpression, nextFiring } from './schedule-expression.js';
export { parseAwsCron, CronSyntaxError } from './aws-cron.js';

/** The account id the local stage pretends to run in. */
export const LOCAL_ACCOUNT_ID = '000000000000';

export interface ServeOptions {
  settings: ResolvedSettings;
  /** the packaged handler file (what the packager's entry compiles to) */
  handlerFile: string;
  /** its export (default `handler`) */
  handlerExport?: string;
  /** default 8000; 0 picks a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** fire keep-warm and schedule events (default true; `--no-schedules` turns it off) */
  schedules?: boolean;
  /**
   * Replacement expressions by rule name (`keep-warm` or an event's name). They may use the
   * local-only `rate(N seconds)`.
   */
  scheduleOverrides?: Record<string, string>;
  /** one line per request, schedule firing and task attempt (default: stderr) */
  log?: ServeLog;
  /** the API key clients must send with `apiKeyRequired` (default: generated) */
  apiKey?: string;
  /**
   * Key pairs accepted by `iamAuthorization` (default: AWS_ACCESS_KEY_ID and
   * AWS_SECRET_ACCESS_KEY from the environment, else a generated pair that is printed).
   */
  credentials?: LocalCredentials[];
  /** default `<projectDir>/.tsappa/<stage>-dead-letter.jsonl` */
  deadLetterFile?: string;
  /** where task arguments too big to travel inline wait (default `<projectDir>/.tsappa/<stage>-serve/task-payloads`) */
  taskPayloadDir?: string;
  /** waits before task retries (default 1 s then 2 s; Lambda waits about 1 and 2 minutes) */
  taskRetryDelaysMs?: number[];
  /** API Gateway's integration timeout (default 29 s) */
  integrationTimeoutMs?: number;
  /** most containers at once (default 10) */
  maxConcurrency?: number;
  /** extra environment variables for the function (after the stage's own) */
  env?: Record<string, string>;
  /** the containers' working directory (default: the handler's directory) */
  cwd?: string;
  /** where the function host keeps its worker files (default: the OS temp directory) */
  tempDir?: string;
  /** where the function's own output goes (default: this process's stdout/stderr) */
  stdout?: Writable;
  stderr?: Writable;
  /** serve the local console at /_tsappa/ (default true; only ever on a loopback host) */
  console?: boolean;
}

/** What a restart may change: the build the containers run. */
export interface FunctionUpdate {
  handlerFile?: string;
  handlerExport?: string;
  cwd?: string;
  env?: Record<string, string>;
}

export interface ServeHandle {
  /** `http://<host>:<port>/<stage>` (`http://<host>:<port>` for apiType http and url) */
  url: string;
  port: number;
  /** the API key to send in `x-api-key`, when `apiKeyRequired` */
  apiKey: string | null;
  /** the key pair to sign with, when `iamAuthorization` */
  credentials: LocalCredentials | null;
  deadLetterFile: string;
  /** the local console's page (`http://<host>:<port>/_tsappa/`), null when it is off */
  consoleUrl: string | null;
  /** the console's history (null when it is off) */
  consoleBus: ConsoleBus | null;
  /** the environment of the function's containers (the latest, after a restart) */
  readonly env: Record<string, string>;
  /**
   * Replaces the function's containers, e.g. after a rebuild, optionally with a new build: its
   * handler, working directory and extra environment (replacing `ServeOptions.env`). Resolves once
   * every replaced container is gone (the previous build is no longer in use).
   */
  restart(update?: FunctionUpdate): Promise<void>;
  /** a direct (synchronous) invocation of the local function */
  invoke(event: unknown): Promise<InvokeOutcome>;
  /** fire a schedule rule now (`keep-warm` or an event's name) */
  fireSchedule(name: string): Promise<InvokeOutcome>;
  /** when each schedule fires next */
  nextFirings(): Record<string, Date | null>;
  /** resolves when every queued task has finished (or been dead-lettered) */
  tasksIdle(): Promise<void>;
  /** a captured task record (what getTaskResult reads) */
  taskRecord(id: string): TaskRecord | null;
  close(): Promise<void>;
}

function generateApiKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(40)].map((b) => alphabet[b % alphabet.length]).join('');
}

function defaultCredentials(): { list: LocalCredentials[]; generated: boolean } {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = process.env;
  if (accessKeyId && secretAccessKey) return { list: [{ accessKeyId, secretAccessKey }], generated: false };
  return { list: [generateCredentials()], generated: true };
}

/** The environment of the function's containers: as deployed, plus the local hooks. */
export function functionEnvironment(settings: ResolvedSettings, extra: Record<string, string> = {}): Record<string, string> {
  const functionName = stackName(settings);
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('AWS_LAMBDA_')),
  );
  return {
    ...inherited,
    NODE_ENV: 'production', // as deployed (see the template's functionEnvironment); the stage's own wins
    ...settings.environmentVariables,
    TSAPPA_STAGE: settings.stage,
    TSAPPA_TASK_TABLE: settings.asyncResponseTable,
    TSAPPA_ASYNC_TOPIC_ARN: `arn:aws:sns:${settings.awsRegion}:${LOCAL_ACCOUNT_ID}:${functionName}-async`,
    TSAPPA_LOCAL_TASKS: '1',
    // big task arguments go to serve's folder through this name (./task-payloads.ts)
    TSAPPA_DEPLOYMENT_BUCKET: LOCAL_TASK_BUCKET,
    TSAPPA_SERVE: '1',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(settings.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    // Lambda sets these for a JSON LoggingConfig: the runtime's own lines follow them
    ...(settings.logFormat === 'JSON' ? { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: settings.applicationLogLevel ?? 'INFO' } : {}),
    AWS_REGION: settings.awsRegion,
    AWS_DEFAULT_REGION: settings.awsRegion,
    TZ: 'UTC',
    ...extra,
  };
}

export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const { settings } = options;
  const log: ServeLog = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const functionName = stackName(settings);
  let env = functionEnvironment(settings, options.env);
  const deadLetterFile = options.deadLetterFile ?? join(settings.projectDir, '.tsappa', `${settings.stage}-dead-letter.jsonl`);

  const consoleHost = options.host ?? '127.0.0.1';
  const bus = options.console !== false && isLoopbackHost(consoleHost) ? new ConsoleBus({ stage: settings.stage, functionName, url: '' }) : null;
  let consoleServer: ConsoleServer | null = null;

  let localAws: LocalAws | null = null;
  const host = new FunctionHost({
    handlerFile: options.handlerFile,
    handlerExport: options.handlerExport,
    functionName,
    region: settings.awsRegion,
    accountId: LOCAL_ACCOUNT_ID,
    memorySize: settings.memorySize,
    timeoutSeconds: settings.timeoutSeconds,
    env,
    cwd: options.cwd ?? join(options.handlerFile, '..'),
    tempDir: options.tempDir,
    maxConcurrency: options.maxConcurrency,
    stdout: options.stdout,
    stderr: options.stderr,
    onMessage: (message, reply) => {
      if (!localAws?.handleMessage(message, reply)) log(`ignored a message from the function: ${message.type}`);
    },
    ...(bus ? { onOutput: (requestId: string, text: string) => bus.functionOutput(requestId, text) } : {}),
  });
  const invoker = new AsyncInvoker({
    invoke: (event) => host.invoke(event),
    log,
    deadLetterFile,
    retryDelaysMs: options.taskRetryDelaysMs,
    ...(bus ? { onAttempt: (attempt) => bus.taskAttempt({ ...attempt, captured: attempt.id ? (localAws?.record(settings.asyncResponseTable, attempt.id) ?? null) : null }), onDeadLetter: (letter) => void bus.deadLettered(letter) } : {}),
  });
  const taskPayloads = new TaskPayloads(options.taskPayloadDir ?? join(settings.projectDir, '.tsappa', `${settings.stage}-serve`, 'task-payloads'));
  localAws = new LocalAws({ functionName, asyncTopicArn: env.TSAPPA_ASYNC_TOPIC_ARN as string, invoker, taskPayloads });

  const apiKey = settings.apiKeyRequired ? (options.apiKey ?? generateApiKey()) : null;
  const creds = options.credentials ? { list: options.credentials, generated: false } : defaultCredentials();

  let scheduler: Scheduler;
  const rules = options.schedules === false ? [] : scheduleRules(settings, options.scheduleOverrides);
  try {
    scheduler = new Scheduler({
      rules,
      invoke: (event) => host.invoke(event),
      log,
      allowSeconds: true,
      ...(bus ? { onFired: (name: string, outcome: InvokeOutcome) => bus.scheduleFired(name, outcome, scheduler.nextFirings()[name] ?? null) } : {}),
    });
  } catch (err) {
    await host.close();
    throw err;
  }

  const gateway = createGateway({
    settings,
    invoke: (event, invokeOptions) => host.invoke(event, invokeOptions),
    apiKey,
    credentials: creds.list,
    accountId: LOCAL_ACCOUNT_ID,
    integrationTimeoutMs: options.integrationTimeoutMs,
    log,
    ...(bus
      ? {
          otherRoute: (req, res) => {
            if (!consoleServer || !isConsolePath(req.url ?? '/')) return false;
            consoleServer.handle(req, res);
            return true;
          },
          onAnswered: (answered) => bus.request({ id: answered.requestId, method: answered.method, path: answered.url, status: answered.status, durationMs: answered.durationMs, note: answered.note }),
        }
      : {}),
  });

  const listenHost = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      gateway.server.once('error', reject);
      gateway.server.listen(options.port ?? 8000, listenHost, () => {
        gateway.server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await host.close();
    const e = err as NodeJS.ErrnoException;
    throw new Error(
      e.code === 'EADDRINUSE' ? `port ${options.port ?? 8000} on ${listenHost} is in use; choose another with --port` : `cannot listen on ${listenHost}: ${e.message}`,
      { cause: err },
    );
  }
  const port = (gateway.server.address() as AddressInfo).port;
  const urlHost = listenHost.includes(':') ? `[${listenHost}]` : listenHost === '0.0.0.0' ? '127.0.0.1' : listenHost;
  // an HTTP API's $default stage and a Function URL serve at the root, with no stage in the path
  const url = `http://${urlHost}:${port}${(settings.apiType ?? 'rest') === 'rest' ? `/${settings.stage}` : ''}`;
  scheduler.start();
  let consoleUrl: string | null = null;
  if (bus) {
    consoleServer = createConsoleServer({
      bus,
      port: () => port,
      actions: {
        resend: (entry) => invoker.enqueue(entry.letter.event),
        fire: (name) => {
          if (!rules.some((rule) => rule.name === name)) return false;
          void scheduler.fire(name).catch(() => undefined);
          return true;
        },
      },
    });
    consoleUrl = `${url.slice(0, url.length - settings.stage.length - 1)}${CONSOLE_PATH}/`;
    bus.setUrl(url);
    const next = scheduler.nextFirings();
    bus.scheduleState(rules.map((rule) => ({ name: rule.name, expression: rule.expression, next: next[rule.name] ?? null })));
  }

  log(`tsappa serve: ${functionName} (stage ${settings.stage}) at ${url}/`);
  if (consoleUrl) log(`console: ${consoleUrl} (requests, schedules, tasks and dead letters, live)`);
  else if (options.console !== false) log(`the console is served only on a loopback host (127.0.0.1, localhost or ::1), not on ${listenHost}`);
  if (!settings.apiGateway) log('apiGateway is false: the deployed stage has no API; the local one is served anyway');
  if (apiKey) log(`API key (send it as x-api-key): ${apiKey}`);
  if (settings.iamAuthorization) {
    const first = creds.list[0] as LocalCredentials;
    log(
      creds.generated
        ? `IAM authorization: sign requests (SigV4, service execute-api, region ${settings.awsRegion}) with access key ${first.accessKeyId} and secret ${first.secretAccessKey}`
        : `IAM authorization: sign requests (SigV4, service execute-api, region ${settings.awsRegion}) with the access key ${first.accessKeyId} from the environment`,
    );
  }
  for (const [name, next] of Object.entries(scheduler.nextFirings())) {
    log(`schedule ${name}: next firing ${next ? next.toISOString() : 'never'}`);
  }
  if (options.schedules === false && (settings.keepWarm || settings.events.some((e) => e.kind === 'schedule'))) log('schedules are off (--no-schedules)');
  for (const event of settings.events) {
    if (event.kind === 'source') log(`event source ${event.eventSource.arn} is not emulated locally (invoke the function with such an event to try it)`);
  }

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    apiKey,
    credentials: settings.iamAuthorization ? (creds.list[0] ?? null) : null,
    deadLetterFile,
    consoleUrl,
    consoleBus: bus,
    get env() {
      return env;
    },
    restart(update = {}) {
      const { env: extra, ...build } = update;
      if (extra) env = functionEnvironment(settings, extra);
      const replaced = host.restart({ ...build, ...(extra ? { env } : {}) });
      gateway.clearCaches();
      log('function restarted');
      return replaced;
    },
    invoke: async (event) => {
      const started = Date.now();
      const outcome = await host.invoke(event);
      bus?.request({
        id: outcome.requestId,
        method: 'INVOKE',
        path: describeInvocation(event),
        status: 200,
        durationMs: Date.now() - started,
        note: outcome.ok ? null : `function error: ${outcome.error.errorType}: ${outcome.error.errorMessage}`,
      });
      return outcome;
    },
    fireSchedule: (name) => scheduler.fire(name),
    nextFirings: () => scheduler.nextFirings(),
    tasksIdle: () => invoker.idle(),
    taskRecord: (id) => localAws?.record(settings.asyncResponseTable, id) ?? null,
    close() {
      closing ??= (async () => {
        invoker.close();
        consoleServer?.close();
        const stopped = scheduler.stop();
        await new Promise<void>((resolve) => {
          gateway.server.close(() => resolve());
          gateway.server.closeAllConnections();
        });
        await host.close();
        await stopped;
      })();
      return closing;
    },
  };
}
