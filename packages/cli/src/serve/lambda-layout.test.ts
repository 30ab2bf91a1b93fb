import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FunctionHost } from './function-host.js';
import { createLambdaLayout, nodeModulesAbove, removeStaleSessions, type LambdaLayout } from './lambda-layout.js';

const CLI_DIR = dirname(fileURLToPath(import.meta.url));
const root = realpathSync(mkdtempSync(join(tmpdir(), 'tsappa-layout-test-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const layouts: LambdaLayout[] = [];
const hosts: FunctionHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
  await Promise.all(layouts.splice(0).map((l) => l.remove()));
});

async function layout(tempDir: string, sdkSearchFrom: string[] = [CLI_DIR]): Promise<LambdaLayout> {
  const created = await createLambdaLayout({ projectName: 'my app', stage: 'dev', sdkSearchFrom, tempDir });
  layouts.push(created);
  return created;
}

function dir(...parts: string[]): string {
  const path = join(root, ...parts);
  mkdirSync(path, { recursive: true });
  return path;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  if (pid === undefined) throw new Error('could not run node');
  return pid;
}

const sink = () =>
  new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });

describe('nodeModulesAbove', () => {
  it('finds a node_modules in a directory or above it', () => {
    const base = dir('above');
    mkdirSync(join(base, 'node_modules'));
    expect(nodeModulesAbove(dir('above', 'a', 'b'))).toBe(join(base, 'node_modules'));
    expect(nodeModulesAbove(dir('clean', 'a'))).toBeNull();
  });
});

describe('createLambdaLayout', () => {
  it('makes one directory per session under the temp directory, named for the project and stage', async () => {
    const temp = dir('temp-named');
    const l = await layout(temp);
    expect(dirname(l.root)).toBe(temp);
    expect(basename(l.root)).toMatch(/^tsappa-serve-my-app-dev-\w+$/);
    expect(l.taskRoot(3)).toBe(join(l.root, 'build-3'));
    // as in Lambda: the runtime's node_modules, then the task root
    expect(l.environment(l.taskRoot(3))).toEqual({ LAMBDA_TASK_ROOT: join(l.root, 'build-3'), NODE_PATH: `${l.sdk.nodeModules}${delimiter}${join(l.root, 'build-3')}` });
    expect(l.sdk.sdkPackages).toContain('@aws-sdk/client-s3');
    await l.remove();
    expect(existsSync(l.root)).toBe(false);
  });

  it('refuses a temp directory with a node_modules above it, naming both and what to do', async () => {
    const temp = dir('polluted', 'tmp');
    mkdirSync(join(root, 'polluted', 'node_modules'));
    await expect(layout(temp)).rejects.toThrow(`${join(root, 'polluted', 'node_modules')} above it`);
    await expect(layout(temp)).rejects.toThrow(/set TMPDIR/);
    expect(readdirSync(temp)).toEqual([]);
  });

  it("removes what a crashed session left behind, and nothing else", async () => {
    const temp = dir('temp-stale');
    const crashed = dir('temp-stale', 'tsappa-serve-my-app-dev-crashed');
    writeFileSync(join(crashed, 'owner.json'), JSON.stringify({ pid: deadPid() }));
    mkdirSync(join(crashed, 'build-1'));
    const alive = dir('temp-stale', 'tsappa-serve-other-dev-alive');
    writeFileSync(join(alive, 'owner.json'), JSON.stringify({ pid: process.pid }));
    const unknown = dir('temp-stale', 'tsappa-serve-not-ours');
    expect(await removeStaleSessions(temp)).toEqual([crashed]);
    expect([existsSync(crashed), existsSync(alive), existsSync(unknown)]).toEqual([false, true, true]);
    // a new session cleans up too
    mkdirSync(crashed);
    writeFileSync(join(crashed, 'owner.json'), JSON.stringify({ pid: deadPid() }));
    await layout(temp);
    expect(existsSync(crashed)).toBe(false);
  });
});

describe('a build running in the layout resolves as in Lambda', () => {
  /** A handler reporting how each specifier resolves, through `import` and through `require`. */
  const PROBE = `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
async function probe(name) {
  const out = {};
  try { out.import = typeof (await import(name)); } catch (e) { out.import = e.code; }
  try { out.require = require.resolve(name); } catch (e) { out.require = e.code; }
  return out;
}
export const handler = async (event) => {
  const results = {};
  for (const name of event.names) results[name] = await probe(name);
  const s3 = await import('@aws-sdk/client-s3');
  results.client = new s3.S3Client({ region: 'us-east-1' }).config.serviceId;
  return results;
};
`;

  function run(handlerDir: string, env: Record<string, string>, tempDir: string) {
    writeFileSync(join(handlerDir, 'handler.mjs'), PROBE);
    const host = new FunctionHost({
      handlerFile: join(handlerDir, 'handler.mjs'),
      functionName: 'probe',
      region: 'us-east-1',
      memorySize: 256,
      timeoutSeconds: 20,
      env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
      cwd: handlerDir,
      tempDir,
      stdout: sink(),
      stderr: sink(),
    });
    hosts.push(host);
    return host.invoke({ names: ['only-in-project', '@aws-sdk/client-s3'] });
  }

  it("a package only in the project's node_modules does not resolve; the runtime's AWS SDK does", async () => {
    // a project with a package of its own, beside the temp directory the layout is made in
    const project = dir('resolve', 'project');
    mkdirSync(join(project, 'node_modules', 'only-in-project'), { recursive: true });
    writeFileSync(join(project, 'node_modules', 'only-in-project', 'package.json'), '{"name":"only-in-project","main":"index.js"}');
    writeFileSync(join(project, 'node_modules', 'only-in-project', 'index.js'), 'module.exports = 1;\n');
    const temp = dir('resolve', 'tmp');
    const l = await layout(temp, [project, CLI_DIR]);

    // the control: inside the project (where serve used to extract builds) it resolves
    const inProject = await run(dir('resolve', 'project', '.tsappa', 'build-1'), l.environment(project), temp);
    expect(inProject).toMatchObject({ ok: true, value: { 'only-in-project': { import: 'object', require: join(project, 'node_modules', 'only-in-project', 'index.js') } } });

    const taskRoot = l.taskRoot(1);
    mkdirSync(taskRoot);
    const outcome = await run(taskRoot, l.environment(taskRoot), temp);
    expect(outcome.ok).toBe(true);
    const value = (outcome.ok ? outcome.value : {}) as Record<string, { import: string; require: string }> & { client: string };
    expect(value['only-in-project']).toEqual({ import: 'ERR_MODULE_NOT_FOUND', require: 'MODULE_NOT_FOUND' });
    expect(value['@aws-sdk/client-s3']?.import).toBe('object');
    expect(value['@aws-sdk/client-s3']?.require).toMatch(/client-s3/);
    expect(value.client).toBe('S3');
  }, 30_000);
});
