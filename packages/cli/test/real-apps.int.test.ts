/**
 * Issue 12: "point it at an existing app", tried on apps made by the ecosystem's own generators
 * (test/fixtures/apps). For each app, with nothing but what `tsappa init --yes` writes:
 * `tsappa package`, the zip extracted into an empty directory outside the repository and its
 * handler loaded the way Lambda loads it (Node 22, the zip and the runtime-provided AWS SDK
 * only), then API Gateway REST requests: rendered pages, static files byte for byte, JSON, a POST
 * body, cookies and a 404. Then `tsappa serve` on the same app, with the same requests over HTTP.
 *
 * Each app is installed with `npm ci` once (cached, see support/fixture-apps.ts). `tsappa serve`
 * runs the built CLI: run `npm run build -w tsappa` after changing its sources. Without Node 22
 * (another platform, no registry) the Lambda loads are skipped with the reason, except under
 * CI=true, where that is a failure.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { nodeBinary } from '../../../scripts/node-binary.mjs';
import { runCli } from './run-cli.js';
import { APPS_DIR, installFixtureApp, type InstalledApp } from './support/fixture-apps.js';
import { expectResponse, fromFetch, fromRestApiResult, type Check } from './support/http-checks.js';
import { REAL_APPS, type RealApp } from './support/real-apps.js';
import { restApiEvent } from './support/rest-api-event.js';
import { runtimeSdkDir } from './support/runtime-sdk.js';
import { invokeLikeLambda, type LambdaRun } from './support/test-lambda.js';
import { unzipTo, zipNames } from './support/test-zip.js';
import { ServedStage } from './support/tsappa-serve.js';

// the first test of an app installs it (npm ci, once; cached after) and packages it
vi.setConfig({ testTimeout: 300_000, hookTimeout: 60_000 });

const STAGE = 'dev';
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const lambdaNode = nodeBinary('22');
if (lambdaNode.error && !inCi) console.warn(`[real-apps] the Lambda-like loads are skipped: no Node 22 (${lambdaNode.error})`);
const runLambdaChecks = lambdaNode.bin !== undefined || inCi;

/** Every temp directory this file makes (installed copies, zips, task roots), removed at the end. */
const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(realpathSync(tmpdir()), prefix));
  tempDirs.push(dir);
  return dir;
}

interface Packaged {
  project: InstalledApp;
  zip: string;
  handler: string;
}

interface PackageJson {
  handler: string;
  path: string;
}

async function cli(args: string[], cwd: string) {
  const run = await runCli(args, cwd);
  if (run.code !== 0) throw new Error(`tsappa ${args.join(' ')} exited ${run.code} in ${cwd}\n${run.stderr}${run.stdout}`);
  return run;
}

/** Sets one key of the stage in the tsappa.json `init` wrote. */
async function setStageKey(appDir: string, key: string, value: unknown): Promise<void> {
  const file = join(appDir, 'tsappa.json');
  const settings = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, unknown>>;
  settings[STAGE] = { ...settings[STAGE], [key]: value };
  await writeFile(file, `${JSON.stringify(settings, null, 2)}\n`);
}

async function packageStage(project: InstalledApp, name: string): Promise<Packaged> {
  const zip = join(await tempDir(`tsappa-zip-${name}-`), `${name}.zip`);
  const run = await cli(['package', STAGE, '-o', zip, '--json'], project.appDir);
  const result = JSON.parse(run.stdout) as PackageJson;
  return { project, zip: result.path, handler: result.handler };
}

/** The app installed, `init --yes` run in it, and (for `architecture`) that one setting added. */
async function initialised(app: RealApp): Promise<InstalledApp> {
  const project = await installFixtureApp(app.name, app.workspace);
  tempDirs.push(dirname(project.root));
  await cli(['init', '--yes'], project.appDir);
  if (app.architecture) await setStageKey(project.appDir, 'architecture', app.architecture);
  return project;
}

/** Loads the handler like Lambda (Node 22, an empty task root, the runtime's SDK on NODE_PATH) and sends every check's request. */
async function invokeChecks(packaged: Packaged, checks: Check[], settleMs = 0): Promise<LambdaRun> {
  if (!lambdaNode.bin) throw new Error(`no Node 22 to load the handler on: ${lambdaNode.error}`);
  const taskRoot = await tempDir('tsappa-task-root-');
  await unzipTo(packaged.zip, taskRoot);
  const events = checks.map((check) => restApiEvent(check.request, STAGE));
  return invokeLikeLambda(
    taskRoot,
    packaged.handler,
    events,
    { NODE_PATH: await runtimeSdkDir(), TMPDIR: await tempDir('tsappa-lambda-tmp-') },
    { node: lambdaNode.bin, settleMs },
  );
}

/** The app's committed files (what static files are compared with, byte for byte). */
const sourceDir = (app: RealApp) => join(APPS_DIR, app.name, app.workspace ?? '');

/** Runs `work` once, on first use; every test that needs it fails with its error. */
function once<T>(work: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= work());
}

for (const app of REAL_APPS) {
  describe(`${app.name}: packaged, loaded the way Lambda loads it (Node 22)`, () => {
    const project = once(() => initialised(app));
    const packaged = once(async () => packageStage(await project(), app.name));
    const hostArch = process.arch === 'arm64' ? 'arm64' : 'x86_64';
    // an arm64 package cannot run on this machine's CPU: its contents are checked, and the
    // checks below run on the same app packaged for this machine
    const runnable = once(async () => {
      if (!app.architecture || app.architecture === hostArch) return packaged();
      await packaged();
      const p = await project();
      await setStageKey(p.appDir, 'architecture', hostArch);
      return packageStage(p, `${app.name}-${hostArch}`);
    });
    const lambdaRun = once(async () => {
      const zip = await runnable();
      // nothing of the project may be reachable: a path baked into the bundle must fail as in Lambda
      await rm((await project()).root, { recursive: true, force: true });
      return invokeChecks(zip, app.checks, app.settleMs);
    });

    it('tsappa package succeeds with only the settings init --yes writes', async () => {
      const result = await packaged();
      expect(zipNames(result.zip).length).toBeGreaterThan(0);
    });

    if (app.bundled || app.shippedAsWritten) {
      const { bundled = [], shippedAsWritten = [] } = app;
      it(`bundles ${bundled.join(', ') || 'its packages'} and ships ${shippedAsWritten.length} file(s) as written`, async () => {
        const { zip, project: p } = await packaged();
        const names = zipNames(zip);
        expect(names.filter((n) => bundled.some((pkg) => n.startsWith(`node_modules/${pkg}/`)))).toEqual([]);
        const taskRoot = await tempDir('tsappa-zip-files-');
        await unzipTo(zip, taskRoot);
        for (const file of shippedAsWritten) {
          expect(await readFile(join(taskRoot, file), 'utf8'), file).toBe(await readFile(join(p.appDir, file), 'utf8'));
        }
      });
    }

    if (app.outputNever) {
      const never = app.outputNever;
      it.skipIf(!runLambdaChecks)(`its background work runs packaged (the output, ${app.settleMs ?? 0} ms after the last request, never shows ${never})`, async () => {
        const run = await lambdaRun();
        expect(run.stderr).not.toMatch(never);
      });
    }

    if (app.architecture && app.nativeBinaries) {
      const wanted = app.nativeBinaries;
      it(`ships the native binaries for linux-${app.architecture}, and no other`, async () => {
        const natives = zipNames((await packaged()).zip).filter((n) => n.endsWith('.node') || /\.so(\.\d+)*$/.test(n));
        expect(natives.length, 'native binaries in the zip').toBeGreaterThan(0);
        expect(natives.filter((n) => !wanted.test(n))).toEqual([]);
      });
    }

    it.skipIf(!runLambdaChecks).each(app.checks.map((check, index) => ({ ...check, index })))('$name', async (check) => {
      const run = await lambdaRun();
      const result = run.results[check.index];
      if (!result || !result.ok) throw new Error(`the handler failed on ${check.request.method} ${check.request.path}: ${result && !result.ok ? result.error : 'no result'}\n${run.stderr}`);
      expectResponse(fromRestApiResult(result.value), check.expect, sourceDir(app), `${check.request.method} ${check.request.path}`);
    });
  });

  describe(`${app.name}: tsappa serve`, () => {
    let served: ServedStage | undefined;
    const serving = once(async () => {
      const project = await initialised(app);
      // serve runs the package on this machine: its architecture
      if (app.architecture) await setStageKey(project.appDir, 'architecture', process.arch === 'arm64' ? 'arm64' : 'x86_64');
      served = await ServedStage.start(project.appDir, STAGE);
      return { served, project };
    });
    afterAll(async () => {
      await served?.stop();
    });

    it.each(app.checks)('$name', async (check) => {
      const { served: stage } = await serving();
      const response = await fetch(`${stage.url}${check.request.path}`, {
        method: check.request.method,
        headers: check.request.headers ?? {},
        body: check.request.body ?? null,
        redirect: 'manual',
      });
      expectResponse(await fromFetch(response), check.expect, sourceDir(app), `${check.request.method} ${check.request.path}\n${stage.output.slice(-2000)}`);
    });
  });
}
