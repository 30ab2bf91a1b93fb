import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NODE_PATH_HOOK_SOURCE } from './node-path-hook.js';
import { WORKER_NODE_PATH_HOOK, WORKER_SOURCE } from './worker-script.js';

const dir = mkdtempSync(join(tmpdir(), 'tsappa-worker-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the container worker', () => {
  it('exits when its host goes away, even while the function keeps the event loop busy', async () => {
    writeFileSync(join(dir, 'worker.mjs'), WORKER_SOURCE);
    writeFileSync(join(dir, WORKER_NODE_PATH_HOOK), NODE_PATH_HOOK_SOURCE);
    // a function holding a timer open, as a database pool or keep-alive agent would
    writeFileSync(join(dir, 'handler.mjs'), 'setInterval(() => {}, 1000);\nexport const handler = async () => 1;\n');
    const child = fork(join(dir, 'worker.mjs'), [join(dir, 'handler.mjs'), 'handler'], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => child.on('message', (m: { type?: string }) => m.type === 'tsappa:serve:ready' && resolve()));
    child.disconnect();
    expect(await exited).toBe(0);
  });
});
