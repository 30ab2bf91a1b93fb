import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ENV } from '../contract.js';
import { FakeAws } from '../tasks/__fixtures__/fake-ops.js';
import { setAwsOps } from '../tasks/ops.js';
import { runtimeConfig } from './__fixtures__/config.js';
import { restEvent, context } from './__fixtures__/events.js';
import { writeZip } from './__fixtures__/zip-writer.js';
import { createEntry } from './create-entry.js';
import { prepareSlimArchive, slimAppDir } from './slim.js';

const archive = writeZip([
  { name: 'app.mjs', data: 'export const app = (req, res) => { res.setHeader("content-type", "text/plain"); res.end("slim " + req.url); };\n' },
  { name: 'lib/util.mjs', data: 'export const x = 1;\n' },
]);
const sha256 = createHash('sha256').update(archive).digest('hex');

let aws: FakeAws;
let root: string;
beforeEach(() => {
  aws = new FakeAws();
  setAwsOps(aws);
  aws.put('deploy', 'quote-api/dev/app-abc.zip', archive);
  root = mkdtempSync(join(tmpdir(), 'tsappa-slim-'));
});
afterEach(() => {
  setAwsOps(null);
  vi.unstubAllEnvs();
});

describe('slimHandler archive', () => {
  it('downloads, verifies and extracts once per container', async () => {
    const dir = await prepareSlimArchive({ bucket: 'deploy', key: 'quote-api/dev/app-abc.zip', sha256 }, root);
    expect(dir).toBe(slimAppDir(sha256, root));
    expect(readFileSync(join(dir, 'lib/util.mjs'), 'utf8')).toContain('export const x');
    // the archive itself is not kept in /tmp
    expect(readdirSync(root)).toEqual([`tsappa-app-${sha256.slice(0, 16)}`]);
    aws.objects.clear();
    expect(await prepareSlimArchive({ bucket: 'deploy', key: 'quote-api/dev/app-abc.zip', sha256 }, root)).toBe(dir);
  });

  it('uses the deployment bucket when the archive names none', async () => {
    vi.stubEnv(ENV.deploymentBucket, 'deploy');
    expect(existsSync(await prepareSlimArchive({ bucket: null, key: 'quote-api/dev/app-abc.zip', sha256 }, root))).toBe(true);
  });

  it('refuses an archive whose sha256 differs, leaving nothing behind', async () => {
    const wrong = 'f'.repeat(64);
    await expect(prepareSlimArchive({ bucket: 'deploy', key: 'quote-api/dev/app-abc.zip', sha256: wrong }, root)).rejects.toThrow(
      `sha256 mismatch: expected ${wrong}, the object has ${sha256}`,
    );
    expect(readdirSync(root)).toEqual([]);
  });

  it('the entry loads the app from the extracted directory, and names the object on failure', async () => {
    const load = vi.fn(async (ctx?: { appDir: string | null }) => {
      const mod = (await import(/* @vite-ignore */ join(ctx!.appDir!, 'app.mjs'))) as { app: unknown };
      return { app: mod.app, functions: {} };
    });
    const handler = createEntry(runtimeConfig({ slimArchive: { bucket: 'deploy', key: 'quote-api/dev/app-abc.zip', sha256 } }), load, { tmpDir: root });
    const result = (await handler(restEvent('/hi'), context)) as { statusCode: number; body: string };
    expect(result).toMatchObject({ statusCode: 200, body: 'slim /hi' });
    expect(load).toHaveBeenCalledWith({ appDir: slimAppDir(sha256, root) });

    const missing = createEntry(runtimeConfig({ slimArchive: { bucket: 'deploy', key: 'nope.zip', sha256 } }), load, { tmpDir: mkdtempSync(join(tmpdir(), 'x-')) });
    await expect(missing(restEvent(), context)).rejects.toThrow('tsappa init failed: slimHandler archive s3://deploy/nope.zip: The specified key does not exist.');
  });
});
