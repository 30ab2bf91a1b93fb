import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/run-cli.js';

function expressProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsappa-init-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-shop', dependencies: { express: '^5.1.0' } }));
  writeFileSync(join(dir, 'app.js'), "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send('hi'));\nmodule.exports = app;\n");
  return dir;
}

describe('tsappa init', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.AWS_REGION;
    process.env.AWS_REGION = 'eu-west-3';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = saved;
  });

  it('--yes writes detected settings that validate', async () => {
    const dir = expressProject();
    const run = await runCli(['init', '--yes'], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'tsappa.json'), 'utf8'))).toEqual({
      dev: { app: 'app.js:default', awsRegion: 'eu-west-3', projectName: 'my-shop' },
    });
    const settings = await runCli(['settings', 'dev', '--json'], dir);
    expect(settings.code).toBe(0);
    expect(JSON.parse(settings.stdout)).toMatchObject({ app: 'app.js:default', projectName: 'my-shop', awsRegion: 'eu-west-3' });
  });

  /** A copy of one of the real generator outputs in test/fixtures/apps. */
  function realApp(name: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-init-'));
    cpSync(fileURLToPath(new URL(`../../test/fixtures/apps/${name}`, import.meta.url)), dir, { recursive: true });
    return dir;
  }

  it.each([
    ['fastify-cli', { app: 'app.js:default', appType: 'fastify-plugin' }, 'fastify-cli plugin app.js'],
    ['nest', { app: 'src/main.ts' }, 'the server src/main.ts starts'],
    ['plain-http', { app: 'server.js' }, 'the server server.js starts'],
    ['express-pug', { app: 'app.js:default' }, 'app.js, export "default"'],
  ])('--yes on %s writes %j, which validates', async (name, expected, said) => {
    const dir = realApp(name);
    const run = await runCli(['init', '--yes'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).toContain(said);
    expect(run.stderr).not.toMatch(/export it|does not seem to export/);
    const written = JSON.parse(readFileSync(join(dir, 'tsappa.json'), 'utf8')) as { dev: Record<string, unknown> };
    expect(written.dev).toEqual({ ...expected, awsRegion: 'eu-west-3', projectName: name });
    const settings = await runCli(['settings', 'dev', '--json'], dir);
    expect(settings.code, settings.stderr).toBe(0);
    expect(JSON.parse(settings.stdout)).toMatchObject({ appType: 'appType' in expected ? expected.appType : 'auto' });
  });

  it('never prompts without a TTY: it takes the detected answers', async () => {
    const dir = expressProject();
    expect((await runCli(['init'], dir)).code).toBe(0);
  });

  it('refuses to overwrite settings without --force', async () => {
    const dir = expressProject();
    writeFileSync(join(dir, 'tsappa.json'), '{"prod":{"app":"x.js"}}');
    const refused = await runCli(['init', '--yes'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(join(dir, 'tsappa.json'), 'utf8')).toBe('{"prod":{"app":"x.js"}}');
    expect((await runCli(['init', '--yes', '--force'], dir)).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'tsappa.json'), 'utf8'))).toHaveProperty('dev');
  });

  it('counts a "tsappa" key in package.json as existing settings', async () => {
    const dir = expressProject();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', tsappa: { dev: { app: 'app.js' } } }));
    expect((await runCli(['init', '--yes'], dir)).code).toBe(2);
  });
});
