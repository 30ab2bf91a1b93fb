/**
 * A fastify-cli app (`module.exports = async function (fastify, opts) {...}` with
 * `module.exports.options`), mounted the way `fastify start --options` does: a new instance of
 * the project's own `fastify` (the runtime has no dependencies) created with the module's
 * `options`, the plugin registered with the same options (wrapped like fastify-plugin when they
 * say `skipOverride`). The instance is served like any Fastify app: resolveApp awaits ready().
 */

type Loose = Record<string | symbol, unknown>;
type FastifyFactory = (options: Loose) => { register(plugin: unknown, options: Loose): unknown };

/** What fastify-plugin marks a plugin with so that it does not get its own encapsulation context. */
const SKIP_OVERRIDE = Symbol.for('skip-override');

const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null;

/** The factory in the `fastify` module namespace: `default` (CJS interop) or the named `fastify`. */
export function fastifyFactory(namespace: unknown): FastifyFactory | null {
  if (typeof namespace === 'function') return namespace as FastifyFactory;
  if (!isObject(namespace)) return null;
  for (const candidate of [namespace.default, namespace.fastify, isObject(namespace.default) ? namespace.default.fastify : undefined]) {
    if (typeof candidate === 'function') return candidate as FastifyFactory;
  }
  return null;
}

/** The plugin function: the export itself, or its `default` (a transpiled module), as fastify-cli takes it. */
export function pluginOf(value: unknown): ((...args: never[]) => unknown) | null {
  if (isObject(value) && typeof value.default === 'function') return value.default as () => unknown;
  return typeof value === 'function' ? (value as () => unknown) : null;
}

/** The module's `options` export (fastify-cli's `module.exports.options`), or {}. */
export function pluginOptions(namespace: Loose, plugin: unknown): Loose {
  const candidates = [namespace.options, isObject(namespace.default) || typeof namespace.default === 'function' ? (namespace.default as Loose).options : undefined, (plugin as Loose).options];
  const found = candidates.find(isObject);
  return found ? { ...found } : {};
}

/** A Fastify instance with the plugin registered (not yet ready). */
export function mountFastifyPlugin(factory: FastifyFactory, plugin: (...args: never[]) => unknown, options: Loose): unknown {
  const instance = factory({ ...options });
  if (options.skipOverride === true) (plugin as unknown as Loose)[SKIP_OVERRIDE] = true;
  instance.register(plugin, { ...options });
  return instance;
}

/** A hint that a function is a Fastify plugin rather than a (req, res) listener. */
export function looksLikeFastifyPlugin(value: unknown, namespace: Loose): boolean {
  if (typeof value !== 'function') return false;
  const marked = (value as unknown as Loose)[SKIP_OVERRIDE] !== undefined || (value as unknown as Loose)[Symbol.for('fastify.display-name')] !== undefined;
  const withOptions = isObject(namespace.options) || isObject((value as unknown as Loose).options);
  return marked || (withOptions && value.length >= 2 && value.length <= 3);
}
