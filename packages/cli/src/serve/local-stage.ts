/**
 * A stage served locally and kept up to date: what `tsappa serve` runs.
 *
 * Each build is the zip `tsappa package` builds, extracted into a Lambda-like layout outside the
 * project (./lambda-layout.ts): only the zip and a stand-in for the runtime's AWS SDK resolve.
 * The serve engine (./index.ts) runs it behind the local API Gateway. On a change the project is
 * rebuilt into a new directory and the containers are pointed at it; the previous directory is
 * removed once no container uses it. A settings change restarts the whole engine on the same
 * port with the same API key. Everything lives in one temp directory, removed on close.
 */
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { LocalAuthorizerSetting, ResolvedSettings } from '@tsappa/templates';
import { withLocalAuthorizer } from './arn-authorizer.js';
import { buildInto, type Build } from './build-dir.js';
import { startServe, type LocalCredentials, type ServeHandle } from './index.js';
import { createLambdaLayout, type LambdaLayout } from './lambda-layout.js';
import { startLocalServices } from './local-services.js';
import { startSessionControl, type SessionControl } from './serve-session.js';
import { oneAtATime } from './one-at-a-time.js';
import { watchForChanges } from './watch.js';

/** Where the CLI's own `@aws-sdk/*` packages are found from (they fill in what the project lacks). */
const CLI_DIR = dirname(fileURLToPath(import.meta.url));

export interface LocalStageOptions {
  /** loads the stage's resolved settings; called again before each rebuild */
  loadSettings: () => Promise<ResolvedSettings>;
  /** the serve engine's line log */
  log: (line: string) => void;
  /** packaging progress and other detail */
  debug?: (line: string) => void;
  /** default 8000; 0 picks a free port */
  port?: number;
  host?: string;
  schedules?: boolean;
  /** rebuild on file changes (default true) */
  watch?: boolean;
  /** replacement expressions by rule name (`keep-warm` or an event's name) */
  scheduleOverrides?: Record<string, string>;
  /** a fixed local API key instead of a generated one */
  apiKey?: string;
  /** quiet time after the last change before a rebuild (default 200 ms) */
  debounceMs?: number;
  /** where the function's own output goes (default: this process's stdout/stderr) */
  functionStdout?: Writable;
  functionStderr?: Writable;
  /** where the builds are extracted (default: the OS temp directory) */
  tempDir?: string;
  /** the emulator (LocalStack, moto) the function's AWS calls go to, other than to the declared tables */
  awsEndpoint?: string;
  /** keep the declared tables' data in this folder (default: in memory, for the session) */
  persistDir?: string;
  /** where to say how `tsappa invoke --local` reaches this session (./serve-session.ts); none: not reachable */
  sessionFile?: string;
  /** what answers for an authorizer given by arn (`--authorizer`), instead of its `authorizer.local` (./arn-authorizer.ts) */
  authorizer?: LocalAuthorizerSetting;
}

export interface LocalStage {
  readonly url: string;
  readonly port: number;
  readonly apiKey: string | null;
  readonly credentials: LocalCredentials | null;
  readonly deadLetterFile: string;
  readonly settings: ResolvedSettings;
  /** the engine running now (replaced when the settings change) */
  readonly serve: ServeHandle;
  /** how many builds have been served (1 after start) */
  readonly builds: number;
  /** the task root new containers run in: the current build, extracted */
  readonly buildDir: string;
  /** the session's temp directory (builds and the SDK stand-in) */
  readonly layoutRoot: string;
  /** the local DynamoDB holding the declared tables (null when the stage declares none) */
  readonly dynamoEndpoint: string | null;
  /** rebuild now, as a file change does; resolves when the new build is served (or failed) */
  rebuild(reason?: string): Promise<boolean>;
  /** stops serving and removes every directory the session made */
  close(): Promise<void>;
}

/** The first build of a stage failed: nothing is served. */
export class ServeBuildError extends Error {
  override readonly name = 'ServeBuildError';
  constructor(
    readonly stage: string,
    cause: unknown,
  ) {
    super(`cannot build ${stage}: ${describeError(cause)}`, { cause });
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Kept {
  port: number;
  apiKey?: string | undefined;
  credentials?: LocalCredentials[] | undefined;
}

/** Builds and serves a stage, and keeps it up to date. Resolves once the local API is listening. */
export async function startLocalStage(options: LocalStageOptions): Promise<LocalStage> {
  const { log } = options;
  const debug = options.debug ?? (() => {});
  // an arn authorizer answered by a local function is packaged and served as an authorizer.function
  const loadSettings = async () => withLocalAuthorizer(await options.loadSettings(), options.authorizer);
  let settings = await loadSettings();
  const layout = await createLambdaLayout({
    projectName: settings.projectName,
    stage: settings.stage,
    sdkSearchFrom: [settings.projectDir, CLI_DIR],
    ...(options.tempDir ? { tempDir: options.tempDir } : {}),
  });
  const services = await startLocalServices({ log, ...(options.awsEndpoint ? { awsEndpoint: options.awsEndpoint } : {}), ...(options.persistDir ? { persistDir: options.persistDir } : {}) });
  let awsEnv: Record<string, string>;
  try {
    awsEnv = await services.prepare(settings);
  } catch (error) {
    await Promise.all([services.close(), layout.remove()]);
    throw error;
  }
  debug(`runtime-provided SDK stand-in: ${layout.sdk.sdkPackages.length} @aws-sdk packages, ${layout.sdk.packageCount} in all, at ${layout.sdk.nodeModules}`);

  let n = 0;
  const nextBuild = (s: ResolvedSettings) => buildInto(s, layout.taskRoot(++n), (message) => debug(`  ${message}`));
  const start = (s: ResolvedSettings, b: Build, keep: Kept) =>
    startServe({
      settings: s,
      handlerFile: b.handlerFile,
      handlerExport: b.handlerExport,
      port: keep.port,
      host: options.host ?? '127.0.0.1',
      schedules: options.schedules ?? true,
      ...(options.scheduleOverrides ? { scheduleOverrides: options.scheduleOverrides } : {}),
      ...(keep.apiKey ? { apiKey: keep.apiKey } : {}),
      ...(keep.credentials ? { credentials: keep.credentials } : {}),
      env: containerEnvironment(layout, b, awsEnv),
      cwd: b.dir,
      tempDir: layout.root,
      log,
      ...(options.functionStdout ? { stdout: options.functionStdout } : {}),
      ...(options.functionStderr ? { stderr: options.functionStderr } : {}),
    });

  let build: Build;
  let serve: ServeHandle;
  try {
    if (settings.slimHandler) log('slimHandler: serving the app unsplit (the deployed stage loads it from S3 at cold start)');
    const started = Date.now();
    try {
      build = await nextBuild(settings);
    } catch (error) {
      throw new ServeBuildError(settings.stage, error);
    }
    log(`built ${settings.stage} in ${Date.now() - started}ms, running in ${build.dir} (as in Lambda: only the package and the runtime's AWS SDK resolve)`);
    serve = await start(settings, build, { port: options.port ?? 8000, apiKey: options.apiKey });
  } catch (error) {
    await Promise.all([services.close(), layout.remove()]);
    throw error;
  }

  let builds = 1;
  let closed = false;
  const removals = new Set<Promise<void>>();
  /** removes a build's directory once `unused` resolves (no container runs it any more) */
  const removeWhenUnused = (dir: string, unused: Promise<void> = Promise.resolve()) => {
    const removal = unused.then(() => rm(dir, { recursive: true, force: true })).catch((error: unknown) => log(`cannot remove ${dir}: ${describeError(error)}`));
    removals.add(removal);
    void removal.finally(() => removals.delete(removal));
  };

  const rebuildOnce = async (reason: string): Promise<boolean> => {
    const t0 = Date.now();
    let next: ResolvedSettings;
    try {
      next = await loadSettings();
    } catch (error) {
      log(`settings are invalid (${describeError(error)}); still serving the previous build`);
      return false;
    }
    let fresh: Build;
    try {
      fresh = await nextBuild(next);
    } catch (error) {
      log(`rebuild failed: ${describeError(error)}; still serving the previous build`);
      return false;
    }
    if (closed) {
      removeWhenUnused(fresh.dir);
      return false;
    }
    if (JSON.stringify(next) !== JSON.stringify(settings)) {
      const keep = { port: serve.port, apiKey: serve.apiKey ?? options.apiKey, credentials: serve.credentials ? [serve.credentials] : undefined };
      const previousAwsEnv = awsEnv;
      try {
        awsEnv = await services.prepare(next);
      } catch (error) {
        log(`settings are invalid (${describeError(error)}); still serving the previous build`);
        removeWhenUnused(fresh.dir);
        return false;
      }
      await serve.close();
      try {
        serve = await start(next, fresh, keep);
      } catch (error) {
        log(`cannot restart with the new settings (${describeError(error)}); restarting with the previous ones`);
        awsEnv = previousAwsEnv;
        serve = await start(settings, build, keep);
        removeWhenUnused(fresh.dir);
        return false;
      }
      // the previous engine is closed: none of its containers is left
      removeWhenUnused(build.dir);
      settings = next;
      log(`settings changed (${reason}): restarted ${settings.stage} in ${Date.now() - t0}ms`);
    } else {
      const replaced = serve.restart({ handlerFile: fresh.handlerFile, handlerExport: fresh.handlerExport, cwd: fresh.dir, env: containerEnvironment(layout, fresh, awsEnv) });
      removeWhenUnused(build.dir, replaced);
      log(`rebuilt ${settings.stage} after a change to ${reason} in ${Date.now() - t0}ms`);
    }
    build = fresh;
    builds += 1;
    return true;
  };

  let running: Promise<boolean> | null = null;
  const queued = oneAtATime(rebuildOnce, () => closed);
  const rebuild = (reason = 'a file'): Promise<boolean> => {
    const outcome = queued(reason);
    running = outcome;
    return outcome;
  };

  let session: SessionControl | null = null;
  if (options.sessionFile) {
    try {
      session = await startSessionControl({ file: options.sessionFile, stage: settings.stage, invoke: (event) => serve.invoke(event), log });
    } catch (error) {
      log(`tsappa invoke --local cannot reach this session (${describeError(error)}); it will run the package on its own`);
    }
  }

  let stopWatching = () => {};
  if (options.watch !== false) {
    stopWatching = watchForChanges(
      settings.projectDir,
      options.debounceMs ?? 200,
      (changes) => void rebuild(changes).catch((error: unknown) => log(`rebuild failed: ${describeError(error)}`)),
      log,
    );
    log(`watching ${settings.projectDir} for changes`);
  }

  return {
    get url() {
      return serve.url;
    },
    get port() {
      return serve.port;
    },
    get apiKey() {
      return serve.apiKey;
    },
    get credentials() {
      return serve.credentials;
    },
    get deadLetterFile() {
      return serve.deadLetterFile;
    },
    get settings() {
      return settings;
    },
    get serve() {
      return serve;
    },
    get builds() {
      return builds;
    },
    get buildDir() {
      return build.dir;
    },
    layoutRoot: layout.root,
    get dynamoEndpoint() {
      return services.dynamoEndpoint;
    },
    rebuild,
    async close() {
      if (closed) return;
      closed = true;
      stopWatching();
      await session?.close();
      await running?.catch(() => undefined);
      await serve.close();
      await Promise.all([...removals]);
      await Promise.all([services.close(), layout.remove()]);
    },
  };
}

/** The containers' environment for a build: the task root, NODE_PATH and `_HANDLER`, as in Lambda, and where its AWS calls go. */
function containerEnvironment(layout: LambdaLayout, build: Build, awsEnv: Record<string, string>): Record<string, string> {
  return { ...layout.environment(build.dir), _HANDLER: build.handler, ...awsEnv };
}
