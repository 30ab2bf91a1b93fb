/**
 * `tsappa init --yes` through the real command (bin/tsappa.js, as npx runs it) in a plain
 * Express project, then `tsappa settings` on what it wrote, with AWS pointed at moto.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeWithMoto } from '../../../test/support/moto.js';

const BIN = fileURLToPath(new URL('../bin/tsappa.js', import.meta.url));

describeWithMoto('tsappa init on an Express app (moto)', (moto) => {
  function tsappa(args: string[], cwd: string) {
    return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...moto().env, CI: 'true' } });
  }

  it('writes settings that validate, without prompting and without the SDK warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-init-int-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'express-sample', main: 'server.js', dependencies: { express: '^5.1.0' } }));
    writeFileSync(join(dir, 'server.js'), "import express from 'express';\nexport const app = express();\napp.get('/', (_req, res) => res.json({ ok: true }));\n");
    const init = tsappa(['init', '--yes'], dir);
    expect(init.status, init.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'tsappa.json'), 'utf8'))).toEqual({
      dev: { app: 'server.js:app', awsRegion: 'us-east-1', projectName: 'express-sample' },
    });
    const settings = tsappa(['settings', '--json'], dir);
    expect(settings.status, settings.stderr).toBe(0);
    expect(JSON.parse(settings.stdout)).toMatchObject({ stage: 'dev', app: 'server.js:app', apiGateway: true });
    expect(init.stderr + settings.stderr).not.toMatch(/NodeVersionSupportWarning|AWS SDK for JavaScript/);
  });
});
