import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PackageError } from './errors.js';
import { chooseStrategy, hostMatchesTarget, installForTarget, npmInstallArgs } from './install.js';
import type { InstalledPackage } from './packages.js';

const pkg = (name: string, version: string): InstalledPackage => ({ name, version, dir: `/nowhere/${name}`, json: { name, version } });

describe('installing for the Lambda target', () => {
  it('matches the host to the target platform and architecture', () => {
    expect(hostMatchesTarget('x86_64', { platform: 'linux', arch: 'x64' })).toBe(true);
    expect(hostMatchesTarget('arm64', { platform: 'linux', arch: 'x64' })).toBe(false);
    expect(hostMatchesTarget('arm64', { platform: 'darwin', arch: 'arm64' })).toBe(false);
    expect(chooseStrategy('npm', 'x86_64')).toBe('npm');
    expect(chooseStrategy('copy', 'arm64')).toBe('copy');
  });

  it('asks npm for linux, the architecture, glibc and production dependencies only', () => {
    expect(npmInstallArgs('arm64')).toEqual(expect.arrayContaining(['install', '--omit=dev', '--os=linux', '--cpu=arm64', '--libc=glibc']));
    expect(npmInstallArgs('x86_64')).toContain('--cpu=x64');
  });

  describe('with npm (a stand-in npm on PATH records what it was asked)', () => {
    const savedPath = process.env.PATH;
    afterEach(() => {
      process.env.PATH = savedPath;
    });

    async function fakeNpm(exitCode: number): Promise<string> {
      const bin = await mkdtemp(join(tmpdir(), 'tsappa-fake-npm-'));
      const script = `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
fs.writeFileSync(path.join(${JSON.stringify(bin)}, 'call.json'), JSON.stringify({
  args: process.argv.slice(2), cwd: process.cwd(), arch: process.env.npm_config_arch, platform: process.env.npm_config_platform,
  pkg: JSON.parse(fs.readFileSync('package.json', 'utf8')),
}));
if (${exitCode} !== 0) { console.error('npm ERR! 404 not found'); process.exit(${exitCode}); }
fs.mkdirSync('node_modules/sharp/build/Release', { recursive: true });
fs.writeFileSync('node_modules/sharp/package.json', '{"name":"sharp","version":"0.33.5"}');
fs.writeFileSync('node_modules/sharp/build/Release/sharp-linux-arm64.node', 'ELF');
fs.writeFileSync('node_modules/sharp/README.md', '# docs');
fs.writeFileSync('node_modules/.package-lock.json', '{}');
`;
      await writeFile(join(bin, 'npm'), script);
      await chmod(join(bin, 'npm'), 0o755);
      process.env.PATH = `${bin}:${savedPath}`;
      return bin;
    }

    it('installs the packages at their installed versions into a staging directory', async () => {
      const bin = await fakeNpm(0);
      const installed = await installForTarget([pkg('sharp', '0.33.5')], 'arm64', 'npm');
      const call = JSON.parse(await readFile(join(bin, 'call.json'), 'utf8')) as {
        args: string[];
        arch: string;
        platform: string;
        pkg: { dependencies: Record<string, string> };
      };
      expect(call.args).toEqual(npmInstallArgs('arm64'));
      expect(call).toMatchObject({ arch: 'arm64', platform: 'linux', pkg: { dependencies: { sharp: '0.33.5' } } });
      expect(installed.strategy).toBe('npm');
      expect(installed.entries.map((e) => e.name).sort()).toEqual([
        'node_modules/sharp/build/Release/sharp-linux-arm64.node',
        'node_modules/sharp/package.json',
      ]);
      await installed.cleanup();
    });

    it('is a clear error naming the packages when npm fails', async () => {
      await fakeNpm(1);
      const error = await installForTarget([pkg('bcrypt', '5.1.1')], 'x86_64', 'npm').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PackageError);
      expect((error as Error).message).toMatch(/installing bcrypt@5\.1\.1 for linux-x64 failed: .*npm ERR! 404/s);
    });
  });
});
