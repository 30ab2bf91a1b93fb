import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
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

  it('resolves as Lambda does with NODE_PATH: import from the runtime\'s node_modules, require from the task root', async () => {
    const root = join(dir, 'node-path');
    const sdk = join(root, 'runtime', 'node_modules');
    const task = join(root, 'task');
    mkdirSync(join(sdk, 'fake-sdk'), { recursive: true });
    mkdirSync(join(task, 'lib'), { recursive: true });
    writeFileSync(join(sdk, 'fake-sdk', 'package.json'), JSON.stringify({ name: 'fake-sdk', type: 'module', exports: './index.js' }));
    writeFileSync(join(sdk, 'fake-sdk', 'index.js'), "export const name = 'sdk';\n");
    writeFileSync(join(task, 'lib', 'greeting.js'), "module.exports = 'hello';\n");
    writeFileSync(join(task, 'worker.mjs'), WORKER_SOURCE);
    writeFileSync(join(task, WORKER_NODE_PATH_HOOK), NODE_PATH_HOOK_SOURCE);
    // a bundle: false handler of the kind written for Lambda: both lookups fail without NODE_PATH
    writeFileSync(
      join(task, 'handler.mjs'),
      [
        "import { createRequire } from 'node:module';",
        "import { name } from 'fake-sdk';",
        "const greeting = createRequire(import.meta.url)('lib/greeting');",
        "if (name !== 'sdk' || greeting !== 'hello') throw new Error(`resolved ${name} and ${greeting}`);",
        'export const handler = async () => 1;',
        '',
      ].join('\n'),
    );
    const start = (env: NodeJS.ProcessEnv) => {
      const child = fork(join(task, 'worker.mjs'), [join(task, 'handler.mjs'), 'handler'], { cwd: task, env, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
      return new Promise<string>((resolve) => {
        child.on('message', (m: { type?: string }) => {
          if (m.type === 'tsappa:serve:ready' || m.type === 'tsappa:serve:init-error') resolve(m.type);
          child.disconnect();
        });
      });
    };
    expect(await start({ ...process.env, NODE_PATH: [sdk, task].join(delimiter) })).toBe('tsappa:serve:ready');
    expect(await start({ ...process.env, NODE_PATH: '' })).toBe('tsappa:serve:init-error');
  });
});
