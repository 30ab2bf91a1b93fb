/**
 * The task table follows the code: the package step finds whether the app reaches task(),
 * @task(), run() or getTaskResult() of @tsappa/runtime, and the template has the table (and
 * the role its permissions) only then.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResolvedSettings } from '@tsappa/templates';
import { renderRelease } from '../deploy/release.js';
import { testSettings } from '../../test/support/test-settings.js';
import { collectEntryImports } from './function-ref.js';
import { buildPackage } from './index.js';
import { detectTasks, reachesTaskModule } from './task-usage.js';

const RUNTIME = resolve(dirname(fileURLToPath(import.meta.url)), '../../../runtime');
const projects: string[] = [];

/** A project with `files` under src/ and @tsappa/runtime installed (linked to this repository's). */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(realpathSync(tmpdir()), 'tsappa-task-usage-'));
  projects.push(dir);
  mkdirSync(join(dir, 'node_modules', '@tsappa'), { recursive: true });
  symlinkSync(RUNTIME, join(dir, 'node_modules', '@tsappa', 'runtime'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { experimentalDecorators: true, target: 'es2022' } }));
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, 'src', name)), { recursive: true });
    writeFileSync(join(dir, 'src', name), source);
  }
  return dir;
}

const APP = "export const app = (_req: unknown, res: { end(text: string): void }) => res.end('ok');\n";

async function tasksOf(dir: string, overrides: Partial<ResolvedSettings> = {}) {
  const settings = testSettings(dir, overrides);
  return detectTasks(settings, collectEntryImports(settings));
}

function templateOf(dir: string, tasks: Awaited<ReturnType<typeof detectTasks>>) {
  const release = renderRelease(testSettings(dir), 'bucket', { artifactKey: 'k.zip', handler: 'tsappa-entry.handler', sha256: 'ab', slimArchive: null, tasks });
  return release.template;
}

const tableStatements = (template: ReturnType<typeof templateOf>) =>
  JSON.stringify(template.Resources.ExecutionRole).match(/dynamodb:(GetItem|PutItem|UpdateItem)/g) ?? [];

afterAll(() => {
  for (const dir of projects) rmSync(dir, { recursive: true, force: true });
});

describe('task usage of the package', () => {
  it('an app without tasks, even one importing the runtime for something else: no table, no table permission', async () => {
    const dir = project({ 'app.ts': `import { createHandler } from '@tsappa/runtime';\nexport const handler = createHandler;\n${APP}` });
    const tasks = await tasksOf(dir);
    expect(tasks).toEqual({ defined: false });
    const template = templateOf(dir, tasks);
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::DynamoDB::Table')).toEqual([]);
    expect(tableStatements(template)).toEqual([]);
    expect(JSON.stringify(template)).not.toContain('TSAPPA_TASK_TABLE');
  });

  it('an app whose module calls task(): the table and its permissions', async () => {
    const dir = project({
      'app.ts': `import { sendMail } from './mail.js';\nexport const mail = sendMail;\n${APP}`,
      'mail.ts': "import { task } from '@tsappa/runtime';\nexport const sendMail = task({ name: 'mail', captureResponse: true }, async (to: string) => to);\n",
    });
    const tasks = await tasksOf(dir);
    expect(tasks).toEqual({ defined: true });
    const template = templateOf(dir, tasks);
    expect(template.Resources.TaskTable?.Type).toBe('AWS::DynamoDB::Table');
    expect(tableStatements(template).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });

  it('finds @task() methods, run() and getTaskResult(), and tasks only in taskModules', async () => {
    const decorated = project({
      'app.ts': `import { Reports } from './reports.js';\nexport const reports = new Reports();\n${APP}`,
      'reports.ts': "import { task } from '@tsappa/runtime';\nexport class Reports {\n  @task()\n  async build(id: string) { return id; }\n}\n",
    });
    expect(await tasksOf(decorated)).toEqual({ defined: true });
    const dispatcher = project({ 'app.ts': `import { run } from '@tsappa/runtime';\nexport const go = () => run('mail', ['a']);\n${APP}` });
    expect(await tasksOf(dispatcher)).toEqual({ defined: true });
    const reader = project({ 'app.ts': `import { getTaskResult } from '@tsappa/runtime';\nexport const read = (id: string) => getTaskResult(id);\n${APP}` });
    expect(await tasksOf(reader)).toEqual({ defined: true });
    const separate = project({ 'app.ts': APP, 'jobs.ts': "import { task } from '@tsappa/runtime';\nexport const nightly = task(async () => 1);\n" });
    expect(await tasksOf(separate)).toEqual({ defined: false });
    expect(await tasksOf(separate, { taskModules: ['src/jobs.ts'] })).toEqual({ defined: true });
  });

  it('a package of the app that depends on @tsappa/runtime may define tasks: unknown, and the table stays', async () => {
    const dir = project({ 'app.ts': `import { sendMail } from 'mailer-lib';\nexport const mail = sendMail;\n${APP}` });
    mkdirSync(join(dir, 'node_modules', 'mailer-lib'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'mailer-lib', 'package.json'), JSON.stringify({ name: 'mailer-lib', version: '1.0.0', main: 'index.js', dependencies: { '@tsappa/runtime': '*' } }));
    writeFileSync(join(dir, 'node_modules', 'mailer-lib', 'index.js'), "import { task } from '@tsappa/runtime';\nexport const sendMail = task(async (to) => to);\n");
    expect(await tasksOf(dir)).toEqual({});
    // a package that does not depend on the runtime changes nothing
    const plain = project({ 'app.ts': `import { format } from 'plain-lib';\nexport const f = format;\n${APP}` });
    mkdirSync(join(plain, 'node_modules', 'plain-lib'), { recursive: true });
    writeFileSync(join(plain, 'node_modules', 'plain-lib', 'package.json'), JSON.stringify({ name: 'plain-lib', version: '1.0.0', main: 'index.js' }));
    writeFileSync(join(plain, 'node_modules', 'plain-lib', 'index.js'), 'export const format = (s) => s;\n');
    expect(await tasksOf(plain)).toEqual({ defined: false });
  });

  it('code it cannot analyse counts as unknown, and unknown keeps the table', async () => {
    const broken = project({ 'app.ts': `export const app = ;\n` });
    const tasks = await tasksOf(broken);
    expect(tasks).toEqual({});
    expect(templateOf(broken, tasks).Resources.TaskTable?.Type).toBe('AWS::DynamoDB::Table');
  });

  it('the package carries what it found to the template (settings -> package -> template)', async () => {
    const dir = project({ 'app.ts': APP, 'jobs.ts': "import { task } from '@tsappa/runtime';\nexport const nightly = task(async () => 1);\n" });
    const withoutTasks = await buildPackage(testSettings(dir), { install: 'copy', outFile: join(dir, 'a.zip') });
    expect(withoutTasks.tasks).toEqual({ defined: false });
    expect(renderRelease(testSettings(dir), 'bucket', withoutTasks).template.Resources.TaskTable).toBeUndefined();
    const settings = testSettings(dir, { taskModules: ['src/jobs.ts'] });
    const withTasks = await buildPackage(settings, { install: 'copy', outFile: join(dir, 'b.zip') });
    expect(withTasks.tasks).toEqual({ defined: true });
    expect(renderRelease(settings, 'bucket', withTasks).template.Resources.TaskTable?.Type).toBe('AWS::DynamoDB::Table');
  });

  it('counts only the runtime task modules that reach the output, wherever the runtime is installed', () => {
    const installed = '/app/node_modules/@tsappa/runtime';
    expect(reachesTaskModule({ 'node_modules/@tsappa/runtime/dist/tasks/task.js': { bytesInOutput: 0 } }, '/app', installed)).toBe(false);
    expect(reachesTaskModule({ 'node_modules/@tsappa/runtime/dist/tasks/task.js': { bytesInOutput: 12 } }, '/app', installed)).toBe(true);
    expect(reachesTaskModule({ 'node_modules/@tsappa/runtime/dist/tasks/message.js': { bytesInOutput: 12 } }, '/app', installed)).toBe(false);
    expect(reachesTaskModule({ 'src/tasks/task.ts': { bytesInOutput: 12 } }, '/app', installed)).toBe(false); // the app's own file of that name
    // a workspace link: esbuild reports the real path, outside node_modules
    expect(reachesTaskModule({ '../../runtime/dist/tasks/run.js': { bytesInOutput: 5 } }, '/repo/packages/cli/app', '/repo/packages/runtime')).toBe(true);
  });

  it('finds the tasks of an app inside this repository, whose runtime is the workspace link of the root node_modules', async () => {
    // where the deploy tests copy examples/quote-api: esbuild reports the runtime as ../../../../runtime/...
    const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/.tsappa', `task-usage-${process.pid}`);
    projects.push(dir);
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', type: 'module' }));
    writeFileSync(join(dir, 'src', 'app.ts'), `import { task } from '@tsappa/runtime';\nexport const mail = task(async (to: string) => to);\n${APP}`);
    expect(await tasksOf(dir)).toEqual({ defined: true });
  });
});
