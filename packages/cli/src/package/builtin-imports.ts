/**
 * In the bundle, a Node builtin imported as an ES module loads through `require` instead.
 *
 * An ES module import of a builtin builds the builtin's ESM facade, which reads every export,
 * lazy getters included: `import ... from 'node:http'` loads undici (http's WebSocket,
 * CloseEvent and MessageEvent getters), http2 and tls, tens of milliseconds of every cold start
 * (`node:crypto` loads webcrypto, `node:util` parseArgs, `node:fs` fs/promises...). Here such an
 * import resolves to a CommonJS module, `module.exports = require("node:http")`, whose named
 * imports esbuild reads as property accesses where they are used, so only what the code uses is
 * ever touched. The bundle's `require` is the banner's createRequire.
 */
import type { OnLoadArgs, OnLoadResult, OnResolveArgs, OnResolveResult } from 'esbuild';

export const BUILTIN_NAMESPACE = 'tsappa-builtin';

/**
 * For an `import` or `export ... from` of a builtin: the module that requires it instead.
 * `require()` stays as it is, and so does `import()` (lazy already, and a split chunk of a
 * CommonJS module would only export its default).
 */
export function resolveBuiltinImport(args: OnResolveArgs): OnResolveResult | undefined {
  if (args.kind !== 'import-statement') return undefined;
  return { path: args.path, namespace: BUILTIN_NAMESPACE };
}

export function loadBuiltinImport(args: OnLoadArgs): OnLoadResult {
  return { contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' };
}
