/**
 * A naive Lambda package of an app, as one would zip it by hand: the app's files (TypeScript
 * compiled file by file, as tsc would), its production node_modules as installed (unpruned;
 * workspace packages as `npm pack` would ship them), the adapter package and a handler file
 * that wraps the app with it. Returns the staging directory (zip it with `zip -r`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Handler sources by adapter: `app` is the app module's export, imported from `./<module>`. */
export const NAIVE_HANDLERS = {
  '@tsappa/runtime': (module, name) => `import { createHandler } from '@tsappa/runtime';\nimport { ${name} as app } from './${module}';\nexport const handler = createHandler(app);\n`,
  'serverless-http': (module, name) => `import serverless from 'serverless-http';\nimport { ${name} as app } from './${module}';\nexport const handler = serverless(app);\n`,
  '@codegenie/serverless-express': (module, name) =>
    `import serverlessExpress from '@codegenie/serverless-express';\nimport { ${name} as app } from './${module}';\nexport const handler = serverlessExpress({ app });\n`,
};

/** What `npm pack` would ship of a workspace-linked package: its "files" (or everything but node_modules). */
async function copyPackage(pkg, target) {
  const json = pkg.json;
  if (Array.isArray(json.files) && !pkg.dir.split('/').includes('node_modules')) {
    await mkdir(target, { recursive: true });
    for (const entry of ['package.json', ...json.files]) {
      if (existsSync(join(pkg.dir, entry))) await cp(join(pkg.dir, entry), join(target, entry), { recursive: true });
    }
    return;
  }
  await cp(pkg.dir, target, { recursive: true, filter: (src) => !relative(pkg.dir, src).split('/').includes('node_modules') });
}

const compiledName = (path) => path.replace(/\.m?tsx?$/, (m) => (m === '.mts' ? '.mjs' : '.js'));

async function copyAppFiles(projectDir, dir) {
  const walk = async (rel) => {
    for (const entry of await readdir(join(projectDir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (['node_modules', '.tsappa', '.git', '.turbo'].includes(entry.name)) continue;
      await mkdir(join(dir, rel), { recursive: true });
      if (entry.isDirectory()) await walk(path);
      else if (/\.(ts|mts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        const { code } = await transform(readFileSync(join(projectDir, path), 'utf8'), { loader: 'ts', format: 'esm', target: 'node20' });
        await writeFile(join(dir, compiledName(path)), code);
      } else await cp(join(projectDir, path), join(dir, path));
    }
  };
  await walk('');
}

/**
 * Stages the naive package of `settings.app` wrapped by `adapter` (a key of NAIVE_HANDLERS) in
 * a new temporary directory; the handler is `handler.mjs` (`handler.handler`).
 * `lib` is the packager library (productionDependencies, productionLayout...).
 */
export async function stageNaivePackage(lib, settings, adapter, handlerFile = 'plain-handler.mjs') {
  const dir = await mkdtemp(join(tmpdir(), 'tsappa-bench-naive-'));
  const projectDir = settings.projectDir;
  await copyAppFiles(projectDir, dir);
  const json = lib.readPackageJson(projectDir);
  const names = lib.productionDependencies(json).map((d) => d.name);
  if (!names.includes(adapter)) names.push(adapter);
  const roots = names.map((n) => lib.findInstalledPackage(n, projectDir) ?? lib.findInstalledPackage(n, CLI) ?? lib.findInstalledPackage(n, join(CLI, '..', 'runtime'))).filter(Boolean);
  for (const [placement, pkg] of lib.productionLayout(roots)) await copyPackage(pkg, join(dir, placement));
  const [module, exportName] = settings.app.split(':');
  await writeFile(join(dir, handlerFile), NAIVE_HANDLERS[adapter](compiledName(module), exportName));
  return dir;
}
