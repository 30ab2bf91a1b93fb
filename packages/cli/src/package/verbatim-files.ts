/**
 * Files that ship as written beside the bundle that holds the rest of their package: modules
 * whose functions' source text the package runs elsewhere (`new Worker(fn.toString(), { eval:
 * true })`), which bundling would rewrite with its own helpers (esbuild's `__require` for a
 * require, `__name` for keepNames) that the other side does not have.
 *
 * Known per package (VERBATIM_FILES). A package is treated so only when every listed file is
 * installed and imports nothing (it then needs nothing else beside it in the zip); otherwise it
 * stays out of the bundle whole (always-external.ts). The bundle imports each such file by its
 * path in the zip, `./node_modules/<package>/<file>`, and the zip holds it with the package's
 * manifest (whose `type` says how Node loads it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findInstalledPackage } from './packages.js';

/** Per package: the files whose functions' source text it runs elsewhere (relative to the package directory). */
export type VerbatimTable = Readonly<Record<string, readonly string[]>>;

const VERBATIM_FILES: VerbatimTable = {
  // detachedWorkerSource() in dist/agent/detached-observe-worker.assembly.js stringifies these three
  '@nestjs/observe': ['dist/agent/detached-observe-worker.js', 'dist/agent/telemetry-wire-contract.js', 'dist/utils/ingest-refusal.util.js'],
};

/**
 * What a verbatim file must not have: an import or re-export at the start of a line (`import x
 * from`, `import 'x'`, `import(`, `export * from`), or a require or import() of a relative path:
 * it would load a module the zip does not ship beside it (a builtin required inside a stringified
 * function is fine).
 */
const IMPORTS_A_MODULE = /^\s*(?:import\b\s*[\w*{"'(]|export\s*(?:\*|\{[^}]*\})\s*from\b)|\b(?:require|import)\s*\(\s*["'`]\.{1,2}\//m;

/** A package of the table whose listed files are all installed and import nothing: they can ship as written. */
export interface VerbatimPackage {
  name: string;
  /** the installed package directory */
  dir: string;
  /** absolute path → its path in the zip (`node_modules/<name>/<file>`) */
  files: Map<string, string>;
}

/** The packages of `table` whose listed files are all installed, and import nothing. */
export function verbatimPackages(projectDir: string, table: VerbatimTable = VERBATIM_FILES): VerbatimPackage[] {
  const out: VerbatimPackage[] = [];
  for (const [name, listed] of Object.entries(table)) {
    const pkg = findInstalledPackage(name, projectDir);
    if (!pkg) continue;
    const files = new Map<string, string>();
    for (const file of listed) {
      const path = join(pkg.dir, file);
      if (!existsSync(path) || IMPORTS_A_MODULE.test(readFileSync(path, 'utf8'))) break;
      files.set(path, `node_modules/${name}/${file}`);
    }
    if (files.size === listed.length) out.push({ name, dir: pkg.dir, files });
  }
  return out;
}

/** The files of `verbatim` some bundled module imported, by path in the zip, with each package's manifest (its `type`). */
export class VerbatimFiles {
  private readonly byPath = new Map<string, { zipPath: string; pkg: VerbatimPackage }>();
  private readonly used = new Map<string, string>();

  constructor(packages: readonly VerbatimPackage[]) {
    for (const pkg of packages) for (const [path, zipPath] of pkg.files) this.byPath.set(path, { zipPath, pkg });
  }

  /** The import path that reaches `file` in the zip from a chunk at its root, when it is verbatim. */
  importPath(file: string): string | null {
    const hit = this.byPath.get(file);
    if (!hit) return null;
    this.used.set(hit.zipPath, file);
    this.used.set(`node_modules/${hit.pkg.name}/package.json`, join(hit.pkg.dir, 'package.json'));
    return `./${hit.zipPath}`;
  }

  async files(): Promise<{ name: string; contents: Uint8Array }[]> {
    return Promise.all([...this.used].sort(([a], [b]) => a.localeCompare(b)).map(async ([name, path]) => ({ name, contents: await readFile(path) })));
  }
}
