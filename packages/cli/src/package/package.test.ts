import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedSettings } from '@tsappa/templates';
import { PackageError, buildPackage } from './index.js';
import { copyFixture, testSettings } from '../../test/support/test-settings.js';
import { zipNames, zipText } from '../../test/support/test-zip.js';

const schedule = (fn: string): ResolvedSettings['events'][number] => ({
  kind: 'schedule',
  function: fn,
  expression: 'rate(1 day)',
  name: 'nightly',
  enabled: true,
});

const fullSettings = (dir: string, overrides: Partial<ResolvedSettings> = {}) =>
  testSettings(dir, {
    events: [schedule('src/schedulers.ts:nightly')],
    exceptionHandler: 'src/schedulers.ts:onError',
    taskModules: ['src/tasks.ts'],
    ...overrides,
  });

describe('buildPackage, bundle: true', () => {
  it('bundles the entry with esbuild and ships only what cannot be bundled', async () => {
    const dir = await copyFixture('package-basic');
    const result = await buildPackage(fullSettings(dir), { install: 'copy' });
    const names = zipNames(result.path);

    expect(result.handler).toBe('tsappa-entry.handler');
    expect(names).toContain('tsappa-entry.mjs');
    // a module's map ships only when it maps the project's sources (an empty map costs start-up time)
    for (const name of names.filter((n) => n.endsWith('.mjs'))) {
      const comment = zipText(result.path, name).includes(`//# sourceMappingURL=${name}.map`);
      expect(comment, name).toBe(names.includes(`${name}.map`));
    }
    expect(names.some((n) => n.endsWith('.mjs.map')), 'the app chunk keeps its map').toBe(true);
    // sources are named as the files sit in the zip (the project is the task root), where the runtime resolves them
    const sources = names.filter((n) => n.endsWith('.map')).flatMap((n) => (JSON.parse(zipText(result.path, n)) as { sources: string[] }).sources);
    expect(sources).toContain('src/schedulers.ts');
    expect(sources.filter((s) => s.startsWith('../') || s.startsWith('/'))).toEqual([]);
    expect(names).not.toContain('tsappa-entry.mjs.map'); // the entry is tsappa's own code
    expect(result.artifactKey).toBe(`fixture-app-dev-${result.sha256.slice(0, 16)}.zip`);
    expect(result.path.endsWith(join('.tsappa', result.artifactKey))).toBe(true);
    expect(result.entryCount).toBe(names.length);

    // the native addon is detected, shipped with its production dependency, pruned
    expect(result.nativeModules).toEqual([{ name: 'native-addon', version: '1.0.0', reason: 'package.json "gypfile"' }]);
    expect(names).toContain('node_modules/native-addon/index.js');
    expect(names).toContain('node_modules/native-addon/build/Release/addon.node');
    expect(names).toContain('node_modules/greeting-lib/index.js');
    expect(names.some((n) => n.includes('README') || n.includes('/test/'))).toBe(false);
    // bundled packages and dev dependencies are not shipped
    expect(names.some((n) => n.startsWith('node_modules/left-pad-esm') || n.startsWith('node_modules/dev-only'))).toBe(false);
    // no TypeScript sources, no settings, no project files at all
    expect(names.some((n) => n.endsWith('.ts') || n.startsWith('src/') || n === 'package.json')).toBe(false);

    const code = names.filter((n) => n.endsWith('.mjs')).map((n) => zipText(result.path, n)).join('\n');
    const has = (text: string) => code.includes(text);
    expect(has('hello, %s'), 'greeting-lib bundled').toBe(true);
    expect(has('TREE_SHAKEN_MARKER'), 'unused module dropped').toBe(false);
    expect(has('padEnd'), 'unused export dropped').toBe(false);
    // the AWS SDK is imported from the Lambda runtime, never bundled
    expect(has('import("@aws-sdk/client-s3")'), 'runtime SDK imported').toBe(true);
    expect(has('S3ServiceException') || has('@smithy'), 'SDK code bundled').toBe(false);
    const entry = zipText(result.path, 'tsappa-entry.mjs');
    expect(entry).not.toContain('sourceMappingURL');
    expect(entry.split('\n').length).toBeLessThan(10); // minified
    expect(entry).toContain('"src/schedulers.ts:onError"'); // the runtime config is bundled

    expect(result.runtimeConfig).toMatchObject({
      stage: 'dev',
      projectName: 'fixture-app',
      exceptionHandler: 'src/schedulers.ts:onError',
      slimArchive: null,
      asyncSource: 'lambda',
    });
  });

  it('maps only the project sources unless asked for all, and ships big JSON as its own file', async () => {
    const dir = await copyFixture('package-basic');
    const big = Object.fromEntries(Array.from({ length: 800 }, (_, i) => [`key${i}`, `value ${i}`]));
    await writeFile(join(dir, 'src', 'data.json'), JSON.stringify(big));
    await writeFile(join(dir, 'src', 'uses-data.ts'), "import data from './data.json';\nexport const size = Object.keys(data).length;\n");
    const settings = fullSettings(dir, { taskModules: ['src/uses-data.ts'] });
    const sources = (path: string) =>
      zipNames(path)
        .filter((n) => n.endsWith('.map'))
        .flatMap((n) => (JSON.parse(zipText(path, n)) as { sources: string[] }).sources);

    const app = await buildPackage(settings, { install: 'copy' });
    expect(sources(app.path)).toEqual(expect.arrayContaining(['src/app.ts', 'src/schedulers.ts']));
    expect(sources(app.path).every((s) => s.startsWith('src/')), sources(app.path).join()).toBe(true);
    const code = zipNames(app.path).filter((n) => n.endsWith('.mjs')).map((n) => zipText(app.path, n)).join('\n');
    expect(code).toMatch(/\("\.\/tsappa-data\/[0-9a-f]{16}\.json"\)/); // required by esbuild's require shim
    expect(code).not.toContain('value 0'); // read when required, never parsed with the bundle
    const data = zipNames(app.path).filter((n) => n.startsWith('tsappa-data/'));
    expect(data.map((n) => JSON.parse(zipText(app.path, n)) as unknown)).toEqual([big]);

    const all = await buildPackage(settings, { install: 'copy', sourceMaps: 'all' });
    expect(sources(all.path).some((s) => s.includes('node_modules/greeting-lib/index.js'))).toBe(true);
  });

  it('is deterministic: the same inputs give the same bytes, wherever the project lives', async () => {
    const one = await copyFixture('package-basic');
    const two = await copyFixture('package-basic');
    const a = await buildPackage(fullSettings(one), { install: 'copy' });
    const b = await buildPackage(fullSettings(one), { install: 'copy' });
    const c = await buildPackage(fullSettings(two), { install: 'copy' });
    expect(b.sha256).toBe(a.sha256);
    expect(c.sha256).toBe(a.sha256);
    expect(Buffer.compare(await readFile(a.path), await readFile(c.path))).toBe(0);
    await writeFile(join(one, 'src', 'tasks.ts'), 'export const taskMarker = "changed";\n');
    const d = await buildPackage(fullSettings(one), { install: 'copy' });
    expect(d.sha256).not.toBe(a.sha256);
  });

  it('adds include globs, removes exclude globs, and ships `external` packages unbundled', async () => {
    const dir = await copyFixture('package-basic');
    const result = await buildPackage(
      fullSettings(dir, { include: ['public/**'], exclude: ['*.map'], external: ['left-pad-esm'] }),
      { install: 'copy', outFile: join(dir, 'out', 'custom.zip') },
    );
    const names = zipNames(result.path);
    expect(result.path).toBe(join(dir, 'out', 'custom.zip'));
    expect(names).toContain('public/index.html');
    expect(names.some((n) => n.endsWith('.map'))).toBe(false);
    expect(names).toContain('node_modules/left-pad-esm/index.js');
    expect(result.installedPackages).toEqual(['left-pad-esm', 'native-addon']);
    expect(result.nativeModules.map((m) => m.name)).toEqual(['native-addon']);
  });

  it("reports esbuild's warnings about the project's code", async () => {
    const dir = await copyFixture('package-basic');
    await writeFile(join(dir, 'src', 'odd.ts'), "export const odd = (v: unknown) => typeof v === 'nope';\n");
    const result = await buildPackage(fullSettings(dir, { taskModules: ['src/odd.ts'] }), { install: 'copy' });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/src\/odd\.ts:1:\d+: The "typeof" operator will never evaluate to "nope"/);
  });

  it('names the setting when a referenced export does not exist', async () => {
    const dir = await copyFixture('package-basic');
    const error = await buildPackage(fullSettings(dir, { events: [schedule('src/schedulers.ts:missing')] }), {
      install: 'copy',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackageError);
    expect((error as PackageError).setting).toBe('events[0].function');
    expect((error as PackageError).message).toMatch(/No matching export in "src\/schedulers\.ts" for import "missing"/);
  });

  it('names the right setting when several name the same module (exceptionHandler, not the schedule)', async () => {
    const dir = await copyFixture('package-basic');
    const error = await buildPackage(fullSettings(dir, { exceptionHandler: 'src/schedulers.ts:onOops' }), { install: 'copy' }).catch(
      (e: unknown) => e,
    );
    expect((error as PackageError).setting).toBe('exceptionHandler');
    expect((error as PackageError).message).toMatch(/^exceptionHandler: .*for import "onOops"/m);
  });
});

describe('artifacts', () => {
  it('keeps the newest five artifacts of the stage in .tsappa', async () => {
    const dir = await copyFixture('package-basic');
    const paths: string[] = [];
    for (let i = 0; i < 7; i++) {
      await writeFile(join(dir, 'src', 'tasks.ts'), `export const taskMarker = ${i};\n`);
      paths.push((await buildPackage(fullSettings(dir), { install: 'copy' })).path);
    }
    const kept = (await readdir(join(dir, '.tsappa'))).filter((n) => n.endsWith('.zip'));
    expect(kept).toHaveLength(5);
    expect(kept.sort()).toEqual(paths.slice(2).map((p) => p.split('/').pop()).sort());
  });

  it.each(['nodejs20.x', 'nodejs24.x'] as const)('targets the %s runtime', async (runtime) => {
    const dir = await copyFixture('package-basic');
    const result = await buildPackage(fullSettings(dir, { runtime }), { install: 'copy' });
    expect(zipNames(result.path)).toContain('tsappa-entry.mjs');
  });
});

describe('buildPackage, bundle: false', () => {
  it('ships the compiled app files and production node_modules, pruned', async () => {
    const dir = await copyFixture('package-basic');
    const result = await buildPackage(fullSettings(dir, { bundle: false }), { install: 'copy' });
    const names = zipNames(result.path);
    expect(names).toEqual(expect.arrayContaining(['tsappa-entry.mjs', 'tsappa-modules.mjs', 'src/app.js', 'src/app.js.map', 'package.json']));
    expect(names).toEqual(
      expect.arrayContaining([
        'node_modules/greeting-lib/index.js',
        'node_modules/left-pad-esm/index.js',
        'node_modules/native-addon/index.js',
        'node_modules/@tsappa/runtime/package.json',
      ]),
    );
    expect(names.some((n) => n.endsWith('.ts'))).toBe(false);
    expect(names.some((n) => n.startsWith('node_modules/dev-only'))).toBe(false);
    expect(names.some((n) => /README|\/test\/|tsconfig/.test(n))).toBe(false);
    expect(zipText(result.path, 'tsappa-modules.mjs')).toContain('from "./src/app.js"');
    expect(zipText(result.path, 'tsappa-entry.mjs')).toContain(`import { createEntry, mapStackTraces } from '@tsappa/runtime/entry';\nmapStackTraces();`);
    expect(result.nativeModules.map((m) => m.name)).toEqual(['native-addon']);
  });

  it('never ships the toolchain (tsappa, esbuild, typescript), even listed in dependencies', async () => {
    const dir = await copyFixture('package-basic');
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const name of ['tsappa', 'esbuild', 'typescript']) {
      manifest.dependencies[name] = '1.0.0';
      await mkdir(join(dir, 'node_modules', name), { recursive: true });
      await writeFile(join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
      await writeFile(join(dir, 'node_modules', name, 'index.js'), 'module.exports = 1;');
    }
    await writeFile(join(dir, 'package.json'), JSON.stringify(manifest));
    const names = zipNames((await buildPackage(fullSettings(dir, { bundle: false }), { install: 'copy' })).path);
    expect(names).toContain('node_modules/greeting-lib/index.js');
    expect(names.filter((n) => /^node_modules\/(tsappa|esbuild|typescript)\//.test(n))).toEqual([]);
  });
});

describe('secrets', () => {
  const planted = [
    '.env',
    '.env.production',
    'src/.env.local',
    '.git/config',
    '.aws/credentials',
    'certs/server.pem',
    'server.key',
    'id_rsa',
    'keys/id_rsa.pub',
    '.npmrc',
    'node_modules/greeting-lib/.env',
    'node_modules/native-addon/deploy.pem',
  ];

  async function plant(dir: string) {
    for (const file of planted) {
      await mkdir(join(dir, file, '..'), { recursive: true });
      await writeFile(join(dir, file), file === '.npmrc' ? '//registry.npmjs.org/:_authToken=npm_SECRET\n' : 'SECRET=1\n');
    }
    await mkdir(join(dir, 'config'), { recursive: true });
    await writeFile(join(dir, 'config', '.npmrc'), 'save-exact=true\n'); // no token: not a secret
  }

  const cases: Array<[string, Partial<ResolvedSettings>]> = [
    ['bundle: true, include everything', { bundle: true, include: ['**'] }],
    ['bundle: false', { bundle: false, include: ['**/.env*', '**/*.pem'] }],
    ['slimHandler', { slimHandler: true, include: ['**'] }],
  ];
  it.each(cases)('never packages one of them (%s)', async (_name, overrides) => {
    const dir = await copyFixture('package-basic');
    await plant(dir);
    const result = await buildPackage(fullSettings(dir, overrides), { install: 'copy' });
    const names = [...zipNames(result.path), ...(result.slimArchive ? zipNames(result.slimArchive.path) : [])];
    for (const file of planted) expect(names, file).not.toContain(file);
    expect(names.some((n) => /(^|\/)(\.env|\.git\/|\.aws\/|id_rsa)|\.pem$|\.key$/.test(n))).toBe(false);
    expect(names, 'a .npmrc without a token is not a secret').toContain('config/.npmrc');
  });
});

describe('size checks', () => {
  it('refuses a package over the limit, listing the biggest contributors and suggesting slimHandler', async () => {
    const dir = await copyFixture('package-basic');
    const error = await buildPackage(fullSettings(dir, { bundle: false }), { install: 'copy', maxUnzippedBytes: 2000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PackageError);
    const message = (error as Error).message;
    expect(message).toMatch(/unzipped, over the 2\.0 KB Lambda limit/);
    expect(message).toMatch(/Biggest contributors:\n/);
    expect(message).toContain('node_modules/@tsappa/runtime');
    expect(message).toMatch(/"slimHandler": true/);
    const listed = message.split('Biggest contributors:\n')[1]!.split('\n').filter((l) => /^\s+[\d.]+ (B|KB|MB)\s/.test(l));
    expect(listed.length).toBe(10);
  });
});

describe('slimHandler', () => {
  it('ships the runtime and a loader; the app goes into an archive whose sha256 the config records', async () => {
    const dir = await copyFixture('package-basic');
    const result = await buildPackage(fullSettings(dir, { slimHandler: true, s3Bucket: 'deployments' }), { install: 'copy' });
    const slim = result.slimArchive!;
    expect(slim.key).toBe(`fixture-app-dev-${slim.sha256.slice(0, 16)}-app.zip`);
    expect(result.runtimeConfig.slimArchive).toEqual({ bucket: 'deployments', key: slim.key, sha256: slim.sha256 });

    const lambda = zipNames(result.path);
    expect(lambda.some((n) => n.startsWith('node_modules/'))).toBe(false);
    const code = lambda.filter((n) => n.endsWith('.mjs')).map((n) => zipText(result.path, n)).join('\n');
    expect(code).toContain(slim.sha256);
    expect(code).not.toContain('hello, %s'); // the app is not in the Lambda zip

    const app = zipNames(slim.path);
    expect(app).toContain('tsappa-modules.mjs');
    expect(app).toContain('node_modules/native-addon/index.js');
    const appCode = app.filter((n) => n.endsWith('.mjs')).map((n) => zipText(slim.path, n)).join('\n');
    expect(appCode).toContain('hello, %s');
    expect(appCode).not.toContain('createEntry');
  });

  it('needs bundle: true', async () => {
    const dir = await copyFixture('package-basic');
    await expect(buildPackage(fullSettings(dir, { slimHandler: true, bundle: false }))).rejects.toMatchObject({ setting: 'slimHandler' });
  });
});
