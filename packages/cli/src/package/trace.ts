/**
 * What an app needs at run time that a bundler cannot see, found with @vercel/nft (Node File
 * Trace), the tracer Vercel and Netlify package Node functions with.
 *
 * Why nft: esbuild's own metafile lists only what it bundled; import graphs such as
 * dependency-tree or precinct see static imports only. nft also evaluates the paths code reads
 * (`path.join(__dirname, 'views')`, `fs.readFile(...)`, `express.static(...)`), the modules
 * frameworks require by a computed name (express's view engine, @fastify/autoload's folders),
 * native binaries and their shared libraries. It does not compile TypeScript: as its README
 * asks, TypeScript sources reach it through the `readFile` hook, compiled to JavaScript.
 */
import { readFile } from 'node:fs/promises';
import { parse as parsePath } from 'node:path';
import { nodeFileTrace, type NodeFileTraceReasonType } from '@vercel/nft';
import { transform } from 'esbuild';
import { isRuntimeProvidedPackage, isToolchainPackage } from './toolchain.js';

export interface TracedFile {
  /** why nft included it: `initial` (an entry), `dependency` (code it loads), `asset` (a file it reads)… */
  types: NodeFileTraceReasonType[];
  /** the files that led to it (absolute) */
  parents: string[];
}

/** Absolute path → why it is needed. */
export type RuntimeTrace = Map<string, TracedFile>;

const TYPESCRIPT_SOURCE = /\.(c|m)?tsx?$/;
const DECLARATION = /\.d\.(c|m)?ts$/;

/** `node_modules/<name>` (or `@scope/name`) of a path, for the ignore rule. */
function packageNameIn(path: string): string | null {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return null;
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? null);
}

/** Never traced into: the runtime-provided SDK and the build toolchain. */
function ignored(path: string): boolean {
  const name = packageNameIn(path);
  return name !== null && (isRuntimeProvidedPackage(name) || isToolchainPackage(name));
}

/** TypeScript sources as JavaScript for the tracer (only imports and paths matter to it). */
async function readForTrace(path: string): Promise<string | Buffer | null> {
  let contents: Buffer;
  try {
    contents = await readFile(path);
  } catch {
    return null;
  }
  if (!TYPESCRIPT_SOURCE.test(path) || DECLARATION.test(path) || path.includes('/node_modules/')) return contents;
  try {
    const result = await transform(contents.toString('utf8'), { loader: path.endsWith('x') ? 'tsx' : 'ts', sourcefile: parsePath(path).base });
    return result.code;
  } catch {
    return contents; // nft then treats it as an opaque file; esbuild reports the syntax error
  }
}

/** Traces the entry modules; the root of the listing is `/`, so workspace roots above the project are included. */
export async function traceRuntimeFiles(entries: readonly string[], projectDir: string): Promise<RuntimeTrace> {
  const result = await nodeFileTrace([...entries], {
    base: '/',
    processCwd: projectDir,
    ts: true,
    mixedModules: true,
    readFile: readForTrace,
    ignore: (path) => ignored(`/${path}`),
  });
  const trace: RuntimeTrace = new Map();
  for (const rel of result.fileList) {
    const reason = result.reasons.get(rel);
    if (!reason || reason.ignored) continue;
    trace.set(`/${rel}`, { types: [...reason.type], parents: [...reason.parents].map((p) => `/${p}`) });
  }
  return trace;
}
