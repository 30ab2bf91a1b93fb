/**
 * What the bundle cannot see still ships, and works where Lambda puts it: the zip is extracted
 * into an empty directory outside the project and the handler is loaded in a fresh Node process.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPackage } from './index.js';
import { httpApiEvent, invokeLikeLambda } from '../../test/support/test-lambda.js';
import { copyFixture, testSettings } from '../../test/support/test-settings.js';
import { readZip, unzipTo, zipNames } from '../../test/support/test-zip.js';

type HttpResult = { statusCode: number; body: string; isBase64Encoded?: boolean };

/** The fixture, with a secret its code would read planted (never committed: it looks like a key). */
async function fixture(): Promise<string> {
  const dir = await copyFixture('runtime-files');
  await writeFile(join(dir, 'views/server.key'), '-----BEGIN PRIVATE KEY-----\nplanted by the test\n-----END PRIVATE KEY-----\n');
  return dir;
}

async function packageAndServe(paths: string[]) {
  const dir = await fixture();
  const result = await buildPackage(testSettings(dir, { app: 'src/app.ts:app' }), { install: 'copy' });
  const taskRoot = await mkdtemp(join(tmpdir(), 'tsappa-runtime-files-task-'));
  await unzipTo(result.path, taskRoot);
  const run = await invokeLikeLambda(taskRoot, result.handler, paths.map((p) => httpApiEvent('GET', p)));
  return { dir, result, names: zipNames(result.path), run };
}

describe('files and modules the bundle cannot see', () => {
  it('ships them at their own places and each bundled module still finds its own', async () => {
    const { dir, result, names, run } = await packageAndServe(['/', '/logo.png', '/robots.txt']);

    // read at run time: shipped at the project's paths, bytes intact
    expect(names).toEqual(expect.arrayContaining(['views/hello.txt', 'data/info.json', 'public/logo.png']));
    expect(readZip(result.path).find((e) => e.name === 'public/logo.png')?.data).toEqual(await readFile(join(dir, 'public/logo.png')));
    // a package reading its own template: the template ships, the package stays bundled
    expect(names).toContain('node_modules/own-assets/templates/page.html');
    expect(names).toContain('node_modules/own-assets/package.json'); // read by a computed require
    expect(names).not.toContain('node_modules/own-assets/lib/index.js');
    // a package loading its own files by a computed path is shipped whole, not bundled
    expect(names).toEqual(expect.arrayContaining(['node_modules/plugin-host/index.js', 'node_modules/plugin-host/plugins/shout.js']));
    expect(result.installedPackages).toContain('plugin-host');
    // never: a secret the code would read, or the project's other files
    expect(names).not.toContain('views/server.key');
    expect(names.some((n) => n.startsWith('src/'))).toBe(false);

    expect(run.results[0], run.stderr).toMatchObject({ ok: true });
    const page = (run.results[0] as { value: HttpResult }).value;
    expect(page.statusCode).toBe(200);
    expect(JSON.parse(page.body)).toEqual({
      view: 'hello from views',
      data: { answer: 42 },
      plugin: 'HI!',
      optional: 'plain',
      template: '<p>own template</p>',
      ownVersion: '1.0.0',
    });
    const logo = (run.results[1] as { value: HttpResult }).value;
    expect(logo.statusCode).toBe(200);
    expect(Buffer.from(logo.body, logo.isBase64Encoded ? 'base64' : 'utf8')).toEqual(await readFile(join(dir, 'public/logo.png')));
    // a conventional static folder read relative to the working directory (static-folders.ts)
    expect((run.results[2] as { value: HttpResult }).value).toMatchObject({ statusCode: 200, body: 'User-agent: *\nDisallow:\n' });
  });

  it('leaves requires of packages that are not installed to run time, and says so', async () => {
    const dir = await fixture();
    const result = await buildPackage(testSettings(dir, { app: 'src/app.ts:app' }), { install: 'copy' });
    const missing = result.warnings.find((w) => w.includes('not installed'));
    expect(missing).toContain('optional-user (fancy-optional-engine, missing-at-run-time)');
    // a file the code reads that is never packaged is named
    expect(result.warnings.some((w) => w.startsWith('views/server.key is read at run time') && w.includes('secret'))).toBe(true);
  });

  it('an import of a package that is not installed in the app itself names the file, the package and the fix', async () => {
    const dir = await copyFixture('runtime-files');
    await writeFile(join(dir, 'src/app.ts'), "import { thing } from 'not-installed-anywhere';\nexport const app = thing;\n");
    const error = await buildPackage(testSettings(dir, { app: 'src/app.ts:app' }), { install: 'copy' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('src/app.ts');
    expect(message).toContain('"not-installed-anywhere" is not installed');
    expect(message).toContain('npm install not-installed-anywhere');
    expect(message).toContain('"external"');
    expect(message).toContain('"bundle": false');
  });
});
