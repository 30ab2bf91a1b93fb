import { existsSync, mkdirSync, mkdtempSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ancestors, createSdkStandIn, dependencyClosure, findPackageDir, installedSdkPackages } from './sdk-stand-in.js';

const CLI_DIR = dirname(fileURLToPath(import.meta.url));
const root = realpathSync(mkdtempSync(join(tmpdir(), 'tsappa-sdk-stand-in-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function pkg(dir: string, manifest: Record<string, unknown>): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'index.js'), `module.exports = ${JSON.stringify(manifest.name)};\n`);
  return dir;
}

/**
 * A project with its own SDK client (needing a scoped package, a nested one and, through it, a
 * top-level one; an optional one is not installed), its own copy of client-s3, and a package
 * that has nothing to do with the SDK.
 */
function project(): string {
  const dir = join(root, 'project');
  const nm = join(dir, 'node_modules');
  pkg(dir, { name: 'project' });
  pkg(join(nm, '@aws-sdk', 'client-fake'), { name: '@aws-sdk/client-fake', dependencies: { '@smithy/fake-core': '1', 'fake-nested': '1' } });
  pkg(join(nm, '@aws-sdk', 'client-fake', 'node_modules', 'fake-nested'), { name: 'fake-nested', dependencies: { 'fake-deep': '1' } });
  pkg(join(nm, '@smithy', 'fake-core'), { name: '@smithy/fake-core', optionalDependencies: { 'not-installed-here': '1' } });
  pkg(join(nm, 'fake-deep'), { name: 'fake-deep' });
  pkg(join(nm, '@aws-sdk', 'client-s3'), { name: '@aws-sdk/client-s3', version: '0.0.0-project' });
  pkg(join(nm, 'only-in-project'), { name: 'only-in-project' });
  return dir;
}
const PROJECT = project();
const NM = join(PROJECT, 'node_modules');

describe('finding packages', () => {
  it('lists a directory and those above it, nearest first', () => {
    expect(ancestors('/a/b/c')).toEqual(['/a/b/c', '/a/b', '/a', '/']);
  });

  it('finds a package as Node does: the nearest node_modules holding it, from where it is needed', () => {
    expect(findPackageDir('fake-deep', join(PROJECT, 'src'))).toBe(join(NM, 'fake-deep'));
    expect(findPackageDir('fake-nested', PROJECT)).toBeNull();
    expect(findPackageDir('fake-nested', join(NM, '@aws-sdk', 'client-fake'))).toBe(join(NM, '@aws-sdk', 'client-fake', 'node_modules', 'fake-nested'));
  });

  it('lists the @aws-sdk packages installed for a directory, and nothing else', () => {
    expect([...installedSdkPackages(PROJECT).keys()]).toEqual(['@aws-sdk/client-fake', '@aws-sdk/client-s3']);
  });

  it('follows dependencies, nested and optional ones included, and leaves the rest of node_modules out', () => {
    const closure = dependencyClosure(installedSdkPackages(PROJECT));
    expect(Object.fromEntries(closure)).toEqual({
      '@aws-sdk/client-fake': join(NM, '@aws-sdk', 'client-fake'),
      '@aws-sdk/client-s3': join(NM, '@aws-sdk', 'client-s3'),
      '@smithy/fake-core': join(NM, '@smithy', 'fake-core'),
      'fake-nested': join(NM, '@aws-sdk', 'client-fake', 'node_modules', 'fake-nested'),
      'fake-deep': join(NM, 'fake-deep'),
    });
  });
});

describe('createSdkStandIn', () => {
  it("links the project's SDK packages first, the CLI's fill the gaps, with their closure, flat", async () => {
    const into = join(root, 'runtime');
    const standIn = await createSdkStandIn(into, [PROJECT, CLI_DIR]);
    expect(standIn.nodeModules).toBe(join(into, 'node_modules'));
    // the project's own client wins over the CLI's; the CLI's client-lambda fills a gap
    expect(standIn.sdkPackages).toEqual(expect.arrayContaining(['@aws-sdk/client-fake', '@aws-sdk/client-s3', '@aws-sdk/client-lambda']));
    expect(readlinkSync(join(standIn.nodeModules, '@aws-sdk', 'client-s3'))).toBe(join(NM, '@aws-sdk', 'client-s3'));
    expect(existsSync(join(standIn.nodeModules, 'fake-nested', 'package.json'))).toBe(true);
    // the real SDK's dependencies are there too, as in /var/runtime/node_modules
    expect(existsSync(join(standIn.nodeModules, '@smithy', 'core', 'package.json'))).toBe(true);
    expect(existsSync(join(standIn.nodeModules, 'tslib', 'package.json'))).toBe(true);
    expect(standIn.packageCount).toBeGreaterThan(standIn.sdkPackages.length);
    // and nothing else of the project, nor of the CLI
    expect(existsSync(join(standIn.nodeModules, 'only-in-project'))).toBe(false);
    expect(existsSync(join(standIn.nodeModules, 'yargs'))).toBe(false);
    expect(existsSync(join(standIn.nodeModules, 'esbuild'))).toBe(false);
  });
});
