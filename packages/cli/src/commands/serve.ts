/**
 * `tsappa serve <stage>`: the stage running locally exactly as packaged. Builds the same package
 * as `tsappa package` (the zip is extracted under `<projectDir>/.tsappa/serve/<stage>/`), runs it
 * through the serve engine (../serve: local API Gateway, schedules, tasks), watches the
 * project's files and, on a change, rebuilds and replaces the function's containers (a settings
 * change restarts the whole local stage on the same port, with the same API key).
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Writable } from 'node:stream';
import type { ResolvedSettings } from '@tsappa/templates';
import type { Argv, CommandModule } from 'yargs';
import type { CommandContext, GlobalOptions } from '../cli/context.js';
import { CliError, UsageError } from '../cli/errors.js';
import { loadStageFor } from '../cli/stage.js';
import { HANDLER, PackageError, buildPackage } from '../package/index.js';
import { startServe, type LocalCredentials, type ServeHandle } from '../serve/index.js';
import type { MakeContext } from './types.js';

interface ServeArgs extends GlobalOptions {
  stage?: string;
  port: number;
  host: string;
  schedules: boolean;
  watch: boolean;
  schedule?: string[];
  'api-key'?: string;
}

export interface RunServeOptions {
  stage?: string | undefined;
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
  /** the serve engine's line log (default: the command output's info lines) */
  log?: (line: string) => void;
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
  /** rebuild now, as a file change does; resolves when the new build is served (or failed) */
  rebuild(reason?: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Directories never watched: dependencies, VCS, tsappa's own output and every dot-directory. */
const IGNORED_DIRS = new Set(['node_modules', 'coverage', 'cdk.out']);

/** Whether a changed path (relative to the project) is worth a rebuild. */
export function isWatchedPath(rel: string): boolean {
  const parts = rel.split(/[\\/]/).filter(Boolean);
  if (parts.length === 0) return false;
  for (const part of parts) {
    if (part.startsWith('.') || IGNORED_DIRS.has(part)) return false;
  }
  const base = parts[parts.length - 1] as string;
  // editors' swap and backup files
  return !(base.endsWith('~') || base.endsWith('.swp') || base.endsWith('.swx') || base === '4913' || base.endsWith('.log'));
}

/**
 * Watches a project: its top-level files, and each top-level directory recursively (so
 * node_modules and dot-directories are never walked). Calls `onChange` with the relative path.
 */
export function watchProject(dir: string, onChange: (rel: string) => void, onError: (message: string) => void = () => {}): () => void {
  const watchers = new Map<string, FSWatcher>();
  let closed = false;
  const add = (key: string, path: string, recursive: boolean, prefix: string) => {
    if (closed || watchers.has(key)) return;
    try {
      const watcher = watch(path, { recursive }, (_event, filename) => {
        const rel = filename ? `${prefix}${filename.toString()}` : prefix.replace(/\/$/, '');
        if (!isWatchedPath(rel)) return;
        if (!recursive && filename) void maybeAddDir(filename.toString());
        onChange(rel);
      });
      watcher.on('error', (error) => {
        watchers.get(key)?.close();
        watchers.delete(key);
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onError(`cannot watch ${path}: ${error.message}`);
      });
      watchers.set(key, watcher);
    } catch (error) {
      onError(`cannot watch ${path}: ${(error as Error).message}`);
    }
  };
  const maybeAddDir = async (name: string) => {
    if (!isWatchedPath(name)) return;
    try {
      if ((await stat(join(dir, name))).isDirectory()) add(`dir:${name}`, join(dir, name), true, `${name}/`);
    } catch {
      /* gone again */
    }
  };
  add('top', dir, false, '');
  void readdir(dir, { withFileTypes: true }).then(
    (entries) => {
      for (const entry of entries) if (entry.isDirectory()) void maybeAddDir(entry.name);
    },
    (error: Error) => onError(`cannot list ${dir}: ${error.message}`),
  );
  return () => {
    closed = true;
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}

interface Build {
  handlerFile: string;
  handlerExport: string;
  environment: Record<string, string>;
  buildDir: string;
}

/** Builds the package into `<serveDir>/build-<n>` (the zip, extracted). */
async function buildInto(settings: ResolvedSettings, serveDir: string, n: number, debug: (line: string) => void): Promise<Build> {
  const { extractZip } = await import('@tsappa/runtime');
  const zipFile = join(serveDir, `package-${n}.zip`);
  const buildDir = join(serveDir, `build-${n}`);
  // slimHandler's app archive is fetched from S3 at cold start; locally the same code runs unsplit
  const local: ResolvedSettings = settings.slimHandler ? { ...settings, slimHandler: false } : settings;
  try {
    const result = await buildPackage(local, { outFile: zipFile, onProgress: (message) => debug(`  ${message}`) });
    await rm(buildDir, { recursive: true, force: true });
    await extractZip(result.path, buildDir);
    const [file, handlerExport] = HANDLER.split('.') as [string, string];
    return { handlerFile: join(buildDir, `${file}.mjs`), handlerExport, environment: result.environment, buildDir };
  } finally {
    await rm(zipFile, { force: true });
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Builds and serves a stage, and keeps it up to date. The promise resolves once the local API
 * is listening.
 */
export async function runServe(ctx: CommandContext, options: RunServeOptions = {}): Promise<LocalStage> {
  let settings = await loadStageFor(ctx, options.stage);
  const log = options.log ?? ((line: string) => ctx.output.info(line));
  const debug = (line: string) => ctx.output.debug(line);
  const serveDir = join(settings.projectDir, '.tsappa', 'serve', settings.stage.replace(/[^A-Za-z0-9_-]/g, '-'));
  await rm(serveDir, { recursive: true, force: true });
  await mkdir(serveDir, { recursive: true });

  if (settings.slimHandler) log('slimHandler: serving the app unsplit (the deployed stage loads it from S3 at cold start)');
  let n = 1;
  const started = Date.now();
  let build: Build;
  try {
    build = await buildInto(settings, serveDir, n, debug);
  } catch (error) {
    if (error instanceof PackageError) throw new CliError(`cannot build ${settings.stage}: ${error.message}`, 1);
    throw error;
  }
  log(`built ${settings.stage} in ${Date.now() - started}ms`);

  const start = (s: ResolvedSettings, b: Build, keep: { port: number; apiKey?: string | undefined; credentials?: LocalCredentials[] | undefined }) =>
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
      env: b.environment,
      cwd: b.buildDir,
      log,
      ...(options.functionStdout ? { stdout: options.functionStdout } : {}),
      ...(options.functionStderr ? { stderr: options.functionStderr } : {}),
    });

  let serve = await start(settings, build, { port: options.port ?? 8000, apiKey: options.apiKey });
  let builds = 1;
  let stopWatching: () => void = () => {};
  let closed = false;

  /** removes the build directories older than the one before `current` */
  const prune = async (current: number) => {
    for (const name of await readdir(serveDir).catch(() => [] as string[])) {
      const m = /^build-(\d+)$/.exec(name);
      if (m && Number(m[1]) < current - 1) await rm(join(serveDir, name), { recursive: true, force: true });
    }
  };

  const rebuildOnce = async (reason: string): Promise<boolean> => {
    const t0 = Date.now();
    let next: ResolvedSettings;
    try {
      next = await loadStageFor(ctx, options.stage ?? settings.stage);
    } catch (error) {
      log(`settings are invalid (${describeError(error)}); still serving the previous build`);
      return false;
    }
    n += 1;
    let fresh: Build;
    try {
      fresh = await buildInto(next, serveDir, n, debug);
    } catch (error) {
      log(`rebuild failed: ${describeError(error)}; still serving the previous build`);
      return false;
    }
    if (closed) return false;
    if (JSON.stringify(next) !== JSON.stringify(settings)) {
      const keep = { port: serve.port, apiKey: serve.apiKey ?? options.apiKey, credentials: serve.credentials ? [serve.credentials] : undefined };
      await serve.close();
      try {
        serve = await start(next, fresh, keep);
      } catch (error) {
        log(`cannot restart with the new settings (${describeError(error)}); restarting with the previous ones`);
        serve = await start(settings, build, keep);
        return false;
      }
      settings = next;
      log(`settings changed (${reason}): restarted ${settings.stage} in ${Date.now() - t0}ms`);
    } else {
      serve.restart({ handlerFile: fresh.handlerFile, handlerExport: fresh.handlerExport });
      log(`rebuilt ${settings.stage} after a change to ${reason} in ${Date.now() - t0}ms`);
    }
    build = fresh;
    builds += 1;
    await prune(n);
    return true;
  };

  // one rebuild at a time; changes during a rebuild cause one more
  let running: Promise<boolean> | null = null;
  let again: string | null = null;
  const rebuild = (reason = 'a file'): Promise<boolean> => {
    if (running) {
      again = reason;
      return running;
    }
    running = (async () => {
      let ok = await rebuildOnce(reason);
      while (again !== null && !closed) {
        const next: string = again;
        again = null;
        ok = await rebuildOnce(next);
      }
      return ok;
    })().finally(() => {
      running = null;
    });
    return running;
  };

  if (options.watch !== false) {
    let timer: NodeJS.Timeout | null = null;
    const changed = new Set<string>();
    stopWatching = watchProject(
      settings.projectDir,
      (rel) => {
        changed.add(rel);
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          timer = null;
          const files = [...changed].sort();
          changed.clear();
          void rebuild(files.length > 3 ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more` : files.join(', '));
        }, options.debounceMs ?? 200);
      },
      (message) => log(message),
    );
    const stopTimer = stopWatching;
    stopWatching = () => {
      if (timer) clearTimeout(timer);
      stopTimer();
    };
    log(`watching ${relative(ctx.cwd, settings.projectDir) || '.'}${sep} for changes`);
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
    rebuild,
    async close() {
      if (closed) return;
      closed = true;
      stopWatching();
      await running?.catch(() => undefined);
      await serve.close();
    },
  };
}

/** `name=expression` pairs of `--schedule`. */
export function parseScheduleOverrides(values: readonly string[] = []): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1) {
      throw new UsageError(`--schedule wants NAME=EXPRESSION (e.g. keep-warm="rate(10 seconds)"), not "${value}"`);
    }
    overrides[value.slice(0, at).trim()] = value.slice(at + 1).trim();
  }
  return overrides;
}

/** What the command prints once the stage is up. */
export function describeLocalStage(stage: LocalStage): string {
  const lines = [`${stage.settings.stage} is served at ${stage.url}/`];
  if (stage.apiKey) lines.push(`API key: ${stage.apiKey}  (send it as x-api-key)`);
  if (stage.credentials) lines.push(`IAM: sign with access key ${stage.credentials.accessKeyId} (SigV4, service execute-api, region ${stage.settings.awsRegion})`);
  const example = stage.apiKey ? `curl -H 'x-api-key: ${stage.apiKey}' ${stage.url}/` : `curl ${stage.url}/`;
  lines.push(`try: ${example}`, 'press Ctrl-C to stop');
  return lines.join('\n');
}

/** Resolves on the first SIGINT or SIGTERM; a second one exits at once. */
function interrupted(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals) => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      const force = () => process.exit(130);
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      resolve(signal);
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}

export function serveCommand(makeContext: MakeContext): CommandModule<GlobalOptions, ServeArgs> {
  return {
    command: 'serve [stage]',
    describe: 'Run the stage locally exactly as packaged, behind a local API Gateway, with its schedules and tasks (no AWS account needed)',
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one)' })
        .option('port', { alias: 'p', type: 'number', default: 8000, requiresArg: true, describe: 'port of the local API (0 picks a free one)' })
        .option('host', { type: 'string', default: '127.0.0.1', requiresArg: true, describe: 'address to bind (0.0.0.0 exposes it to your network)' })
        .option('schedules', { type: 'boolean', default: true, describe: 'fire keep-warm and the schedule events (--no-schedules: never)' })
        .option('watch', { type: 'boolean', default: true, describe: 'rebuild and restart on file changes (--no-watch: never)' })
        .option('schedule', {
          type: 'string',
          array: true,
          requiresArg: true,
          describe: 'replace a schedule\'s expression locally: NAME=EXPRESSION (NAME is keep-warm or the event\'s name; "rate(N seconds)" is allowed)',
        })
        .option('api-key', { type: 'string', requiresArg: true, describe: 'use this local API key instead of a generated one (apiKeyRequired)' })
        .check((args) => {
          const port = args.port as number;
          if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, not ${String(args.port)}`);
          return true;
        })
        .example('$0 serve dev', 'serve the dev stage at http://127.0.0.1:8000/dev/')
        .example('curl http://127.0.0.1:8000/dev/quote?type=daily', 'then call it (add -H "x-api-key: <key>" when the stage requires a key)')
        .example('$0 serve dev --port 3000 --no-schedules', 'another port, and no keep-warm or schedule firings')
        .example('$0 serve dev --schedule keep-warm="rate(10 seconds)"', 'fire a schedule often to try it')
        .epilogue(
          'The package is the one "tsappa package" builds, extracted under .tsappa/serve/<stage>/. Tasks run in the local function with ' +
            "Lambda's two retries; failed ones go to .tsappa/<stage>-dead-letter.jsonl. apiKeyRequired, iamAuthorization (SigV4 " +
            'with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else a printed key pair), the authorizer, CORS, timeoutSeconds and ' +
            'memorySize are enforced as deployed. Event sources (S3, SQS…) are not emulated.',
        ) as unknown as Argv<ServeArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const stage = await runServe(ctx, {
        stage: argv.stage,
        port: argv.port,
        host: argv.host,
        schedules: argv.schedules,
        watch: argv.watch,
        scheduleOverrides: parseScheduleOverrides(argv.schedule),
        ...(argv['api-key'] ? { apiKey: argv['api-key'] } : {}),
        // stdout is for the result (one JSON document with --json): the function's output is a log
        ...(argv.json ? { functionStdout: process.stderr } : {}),
      });
      ctx.output.result(
        {
          stage: stage.settings.stage,
          url: `${stage.url}/`,
          apiKey: stage.apiKey,
          accessKeyId: stage.credentials?.accessKeyId ?? null,
          deadLetterFile: stage.deadLetterFile,
        },
        () => describeLocalStage(stage),
      );
      const signal = await interrupted();
      ctx.output.info(`${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping`);
      await stage.close();
      ctx.output.success('stopped');
    },
  };
}
