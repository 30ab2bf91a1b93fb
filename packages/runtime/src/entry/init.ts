/**
 * The cold start, once per container, before the app is imported: the stage's runtime settings
 * (bundled, never fetched), remote env, the slim archive, then the app's modules, imported with
 * listen() intercepted (no port is ever opened; see listen-capture.ts), and the app to serve: its
 * export, or the server it started. Each failure is an InitError naming the object and the
 * cause. The AWS SDK is only loaded when remoteEnv or slimHandler need it, and the slim archive's
 * code only with slimHandler.
 */
import type { EntryModules, LoadModules, RuntimeConfig } from '../contract.js';
import { setDefaultTaskService } from '../tasks/registry.js';
import { selectApp } from './app-source.js';
import { InitError } from './errors.js';
import { lazyHttpHandlers, loadHttpAdapter } from './http.js';
import { captureListen } from './listen-capture.js';
import { applyRemoteEnv } from './remote-env.js';
import type { EntryRuntime } from './runtime.js';
import type * as slimModule from './slim.js';
import type { EntryOptions } from './types.js';

type SlimModule = typeof slimModule;

function slimSubject(slim: SlimModule, archive: NonNullable<RuntimeConfig['slimArchive']>): string {
  try {
    const { bucket, key } = slim.slimArchiveLocation(archive);
    return `slimHandler archive s3://${bucket}/${key}`;
  } catch {
    return `slimHandler archive ${archive.key}`;
  }
}

/** The slim archive, extracted; ./slim.js (zip, zlib, fs streams) is loaded only for slimHandler. */
async function slimAppDir(archive: NonNullable<RuntimeConfig['slimArchive']>, tmpDir: string | undefined): Promise<string> {
  const slim = await import('./slim.js');
  try {
    return await slim.prepareSlimArchive(archive, tmpDir);
  } catch (error) {
    throw new InitError(slimSubject(slim, archive), error);
  }
}

export async function initialize(config: RuntimeConfig, loadModules: LoadModules, options: EntryOptions = {}): Promise<EntryRuntime> {
  setDefaultTaskService(config.asyncSource);

  const remoteEnv = config.remoteEnv
    ? applyRemoteEnv(config.remoteEnv).catch((error: unknown) => {
        throw new InitError(`remoteEnv ${config.remoteEnv}`, error);
      })
    : Promise.resolve([]);
  const appDir = config.slimArchive ? slimAppDir(config.slimArchive, options.tmpDir) : Promise.resolve(null);
  const adapter = loadHttpAdapter(options.http).catch((error: unknown) => {
    throw new InitError('web adapter', error);
  });
  // the app must not load before its environment is complete
  const [, dir, http] = await Promise.all([remoteEnv, appDir, adapter]);

  // kept for the life of the container: async bootstraps listen after the import returns
  const capture = captureListen();
  let modules: EntryModules;
  try {
    modules = await loadModules({ appDir: dir });
  } catch (error) {
    throw new InitError(dir ? `loading the app from ${dir}` : 'loading the app', error);
  }
  if (!modules || typeof modules !== 'object' || typeof modules.functions !== 'object' || modules.functions === null) {
    throw new InitError('loading the app', new TypeError('the module loader must return { app, functions }'));
  }
  let app: unknown;
  try {
    app = await selectApp(modules, config.app, capture, options.appStartTimeoutMs);
  } catch (error) {
    throw new InitError('serving the app', error);
  }
  return { config, modules, http, httpHandlers: lazyHttpHandlers(http, app, config) };
}
