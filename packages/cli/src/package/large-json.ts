/**
 * Big JSON files stay out of the bundle: each is shipped minified as its own file under
 * `tsappa-data/` (named by its content's sha256) and the bundle holds
 * `module.exports = require("./tsappa-data/<sha>.json")` in its place. Node reads and parses it
 * only when the module is required, as it would from node_modules, so data a dependency never
 * uses at run time (iconv-lite's code page tables are half of an Express bundle) costs nothing
 * at cold start, where the bundle's size is paid in parsing. Chunks sit at the task root (the
 * slim archive's root), and the bundle's `require` resolves from there.
 */
import { createHash } from 'node:crypto';

/** JSON files from this many bytes on are shipped as separate files. */
export const LARGE_JSON_BYTES = 8 * 1024;
export const DATA_DIR = 'tsappa-data';

export class LargeJsonFiles {
  readonly #files = new Map<string, string>();

  /** true for the specifiers the bundle requires its data files by (left external) */
  isDataSpecifier(specifier: string): boolean {
    return specifier.startsWith(`./${DATA_DIR}/`);
  }

  /** The module that stands for a JSON file's text in the bundle; undefined: bundle it as usual (small, or not JSON). */
  moduleFor(text: string): { contents: string; loader: 'js' } | undefined {
    // bytes, not characters: the bundle escapes every non-ASCII character (\uXXXX, 6 bytes)
    if (Buffer.byteLength(text) < LARGE_JSON_BYTES) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined; // let esbuild report it
    }
    const minified = JSON.stringify(value);
    const name = `${DATA_DIR}/${createHash('sha256').update(minified).digest('hex').slice(0, 16)}.json`;
    this.#files.set(name, minified);
    return { contents: `module.exports = require(${JSON.stringify(`./${name}`)});`, loader: 'js' };
  }

  /** the data files to ship beside the chunks, by name */
  files(): { name: string; contents: Uint8Array }[] {
    return [...this.#files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, text]) => ({ name, contents: Buffer.from(text) }));
  }
}
