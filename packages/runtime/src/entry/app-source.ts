/**
 * Which app the entry serves, decided once the app module is loaded:
 * - `appType: "fastify-plugin"`: the export mounted on the project's fastify;
 * - otherwise the export named by the `app` setting, when the module has it and it is servable;
 * - otherwise the HTTP server the module started (its listen() was intercepted), waited for up
 *   to a deadline so that async bootstraps (Nest's `bootstrap()`) can finish.
 * Entries generated before the app module was handed over whole give the export itself.
 */
import type { AppConfig, EntryModules } from '../contract.js';
import { appShape } from '../http/app.js';
import { fastifyFactory, looksLikeFastifyPlugin, mountFastifyPlugin, pluginOf, pluginOptions } from './fastify-plugin.js';
import type { ListenCapture } from './listen-capture.js';

/** Well inside Lambda's 10 s init phase. */
export const APP_START_TIMEOUT_MS = 8000;

type Loose = Record<string, unknown>;

/** A wrong app setting, named with its module and what was expected. */
export class AppSettingError extends Error {
  override name = 'AppSettingError';
}

const DEFAULT_APP: AppConfig = { module: 'the app module', export: 'default', type: 'auto' };

const describe = (value: unknown): string =>
  value === undefined ? 'nothing' : value === null ? 'null' : typeof value === 'function' ? 'a function' : `a value of type ${typeof value}`;

function fastifyPluginApp(modules: EntryModules, namespace: Loose, app: AppConfig): unknown {
  const exported = namespace[app.export];
  const plugin = pluginOf(exported);
  if (!plugin) {
    throw new AppSettingError(
      `app: ${app.module} exports ${describe(exported)} as "${app.export}"; appType "fastify-plugin" expects a Fastify plugin there (async function (fastify, opts))`,
    );
  }
  const factory = fastifyFactory(modules.fastify);
  if (!factory) {
    throw new AppSettingError('appType "fastify-plugin": the package holds no fastify to mount the plugin on (install fastify in the project)');
  }
  return mountFastifyPlugin(factory, plugin, pluginOptions(namespace, plugin));
}

/** The app to serve; waits for a started server when the module exports none. */
export async function selectApp(modules: EntryModules, config: AppConfig | undefined, capture: ListenCapture, timeoutMs = APP_START_TIMEOUT_MS): Promise<unknown> {
  const namespace = modules.appModule;
  if (namespace === undefined || namespace === null) return modules.app;
  const app = config ?? DEFAULT_APP;
  if (app.type === 'fastify-plugin') return fastifyPluginApp(modules, namespace, app);

  const exported = namespace[app.export];
  if (looksLikeFastifyPlugin(exported, namespace)) {
    throw new AppSettingError(
      `app: "${app.export}" of ${app.module} looks like a Fastify plugin (a fastify-cli app); set "appType": "fastify-plugin" to mount it on a Fastify instance`,
    );
  }
  if (appShape(exported) !== null) return exported;

  const server = await capture.httpServer(timeoutMs);
  if (server) return server;
  const seconds = Math.round(timeoutMs / 100) / 10;
  const started = capture.servers().length;
  throw new AppSettingError(
    `app: ${app.module} exports ${describe(exported)} as "${app.export}" and started no HTTP server within ${seconds} s` +
      (started > 0 ? ` (it started ${started} server${started > 1 ? 's' : ''} without a "request" listener)` : '') +
      '; expected the module to export the app (a (req, res) listener, an http.Server, a Koa, Fastify or fetch-style app, or an async factory of one) or to start a server with listen()',
  );
}
