#!/usr/bin/env node
/**
 * Packs the three published packages (@tsappa/runtime, @tsappa/templates, tsappa) in dependency
 * order into tarballs and checks what each would ship. It never publishes: it prints the
 * `npm publish` commands a maintainer would run, in order.
 *
 *   node scripts/release.mjs [--out DIR] [--skip-build]
 *
 * --out DIR      where the tarballs go (default: a new directory under the OS temp dir)
 * --skip-build   pack the dist/ already built instead of running each package's build first
 *
 * The tarballs install in any project (nothing is on the npm registry yet, so the CLI's two
 * sibling packages are installed from their tarballs too):
 *   npm install DIR/tsappa-runtime-0.1.0.tgz
 *   npm install --save-dev DIR/tsappa-0.1.0.tgz DIR/tsappa-templates-0.1.0.tgz
 */
/* global console, process */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Dependency order: each package's workspace dependencies come before it. */
const PACKAGES = ['packages/runtime', 'packages/templates', 'packages/cli'];

/** @param {string} dir  @returns {Record<string, any>} */
const manifestOf = (dir) => JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));

/** @param {string[]} args  @param {{ capture?: boolean }} [options]  @returns {string} */
function npm(args, options = {}) {
  const run = spawnSync('npm', args, { cwd: ROOT, encoding: 'utf8', stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit' });
  if (run.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${run.status ?? run.signal})`);
  return run.stdout ?? '';
}

/** Every file path a manifest points at (main, types, bin, exports), without a leading "./". */
function entryPoints(manifest) {
  const paths = [];
  const collect = (value) => {
    if (typeof value === 'string') paths.push(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect([manifest.main, manifest.types, manifest.bin, manifest.exports]);
  return [...new Set(paths)].filter((path) => !path.includes('*'));
}

/**
 * What is wrong with a packed package: `manifest` as it is in the tarball, `files` its paths.
 * @param {string} dir  @param {Record<string, any>} manifest  @param {string[]} files
 */
function problemsOf(dir, manifest, files) {
  const problems = [];
  const shipped = new Set(files);
  for (const path of entryPoints(manifest)) {
    if (!shipped.has(path)) problems.push(`${path} is named in package.json but not in the tarball (run the build?)`);
  }
  for (const path of files) {
    if (/(^|\/)src\/|\.test\.|\.map$|(^|\/)\.env/.test(path)) problems.push(`${path} should not ship (sources, tests, source maps, secrets)`);
    const source = /^dist\/(.+?)(\.d)?\.js$|^dist\/(.+?)\.d\.ts$/.exec(path);
    const stem = source?.[1] ?? source?.[3];
    if (stem && !['ts', 'mts', 'tsx'].some((ext) => existsSync(join(ROOT, dir, 'src', `${stem}.${ext}`)))) {
      problems.push(`${path} has no source in ${dir}/src: a stale build output (remove ${dir}/dist and build again)`);
    }
  }
  for (const bin of Object.values(typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : manifest.bin ?? {})) {
    const path = join(ROOT, dir, bin);
    if (existsSync(path) && !readFileSync(path, 'utf8').startsWith('#!/usr/bin/env node')) problems.push(`${bin} lacks the "#!/usr/bin/env node" line`);
  }
  if (!manifest.engines?.node) problems.push('package.json has no engines.node: expected the Node versions it runs on, e.g. ">=20.19"');
  if (manifest.name.startsWith('@') && manifest.publishConfig?.access !== 'public') {
    problems.push('package.json: publishConfig.access should be "public" (a scoped package is private by default)');
  }
  return problems;
}

/**
 * Workspace dependencies must pin the exact version being packed beside them.
 * @param {string} dir  @param {Record<string, any>} manifest
 * @param {Map<string, string>} versions  the version of every package being packed
 */
function versionProblems(dir, manifest, versions) {
  const problems = [];
  for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    const packed = versions.get(name);
    if (packed !== undefined && range !== packed) problems.push(`${dir}/package.json: dependencies["${name}"] is "${range}", expected "${packed}", the version packed with it`);
  }
  return problems;
}

function main() {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, 'skip-build': { type: 'boolean', default: false }, publish: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
    return 0;
  }
  if (values.publish) {
    console.error('release.mjs never publishes. Run it without --publish and use the npm publish commands it prints.');
    return 2;
  }
  const out = values.out ? resolve(values.out) : mkdtempSync(join(tmpdir(), 'tsappa-release-'));
  mkdirSync(out, { recursive: true });

  const manifests = PACKAGES.map(manifestOf);
  const versions = new Map(manifests.map((m) => [m.name, m.version]));
  const problems = PACKAGES.flatMap((dir, i) => versionProblems(dir, manifests[i], versions));

  if (!values['skip-build']) for (const dir of PACKAGES) npm(['run', 'build', '-w', dir]);

  const packed = [];
  for (const [i, dir] of PACKAGES.entries()) {
    const [result] = JSON.parse(npm(['pack', '--json', '--pack-destination', out, '-w', dir], { capture: true }));
    const files = result.files.map((file) => file.path);
    problems.push(...problemsOf(dir, manifests[i], files).map((problem) => `${result.name}: ${problem}`));
    packed.push({ name: result.name, version: result.version, tarball: join(out, result.filename), size: result.size, entries: result.entryCount });
  }

  for (const p of packed) console.log(`${`${p.name}@${p.version}`.padEnd(26)} ${p.tarball}  ${(p.size / 1024).toFixed(1)} KB, ${p.entries} files`);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`error ${problem}`);
    return 1;
  }
  console.log(`\nChecked: entry points present, no sources, tests or source maps, engines set, versions pinned.`);
  // the runtime is a dependency of the app (it ships in the Lambda package), the CLI a devDependency
  const isRuntime = (p) => p.name === '@tsappa/runtime';
  console.log(`Install them in any project (they are not on the npm registry yet):`);
  console.log(`  npm install ${packed.filter(isRuntime).map((p) => p.tarball).join(' ')}`);
  console.log(`  npm install --save-dev ${packed.filter((p) => !isRuntime(p)).map((p) => p.tarball).join(' ')}`);
  console.log(`\nNothing was published. A maintainer logged in to npm would publish them in this order:`);
  for (const p of packed) console.log(`  npm publish ${p.tarball}${p.name.startsWith('@') ? ' --access public' : ''}`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`error ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
