/**
 * Issue 19: static files served from the package stay cache-correct. An Express app serves
 * `public/app.css` with express.static (`send`: Last-Modified from the mtime, a weak ETag from
 * size and mtime). One byte of it changes, the size stays: the new package must answer a client
 * holding the old ETag (or only the old Last-Modified) with 200 and the new bytes, while the same
 * inputs still give a byte-identical zip. The package is extracted as Lambda does (`unzip` in
 * UTC, keeping the zip's times) and as `tsappa serve` and slimHandler do (the runtime's
 * extractZip), and the handler is called with API Gateway REST events.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync, statSync, symlinkSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractZip } from '@tsappa/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLER, buildPackage } from '../src/package/index.js';
import { createGitRepo, type GitRepo } from './support/git-repo.js';
import { fromRestApiResult, type HttpResponse } from './support/http-checks.js';
import { restApiEvent } from './support/rest-api-event.js';
import { invokeLikeLambda } from './support/test-lambda.js';
import { testSettings } from './support/test-settings.js';

/** The repository's node_modules: express is installed there. */
const ROOT_NODE_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url));
const hasUnzip = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;

const APP = `import express from 'express';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const app = express();
app.use(express.static(join(dirname(fileURLToPath(import.meta.url)), 'public')));
`;
const OLD_CSS = 'body { color: #102030; }\n';
const NEW_CSS = 'body { color: #102031; }\n'; // one byte changed, same size

const COMMITTED = Date.UTC(2025, 5, 2, 10, 0, 0) / 1000;
const COMMITTED_LATER = Date.UTC(2025, 5, 3, 10, 0, 0) / 1000;

interface Packaged {
  zip: string;
  sha256: string;
}

let repo: GitRepo;
let builds = 0;

async function packageApp(): Promise<Packaged> {
  const zip = join(await mkdtemp(join(realpathSync(tmpdir()), 'tsappa-static-zip-')), `build-${++builds}.zip`);
  const result = await buildPackage(testSettings(repo.dir, { app: 'app.mjs:app', projectName: 'static-cache' }), { outFile: zip });
  return { zip: result.path, sha256: result.sha256 };
}

/** Extracts like Lambda: Info-ZIP's unzip in UTC, which keeps each entry's time (the runtime's extractor without unzip). */
async function extractLikeLambda(zip: string): Promise<string> {
  const dir = await mkdtemp(join(realpathSync(tmpdir()), 'tsappa-static-task-'));
  if (!hasUnzip) {
    await extractZip(zip, dir);
    return dir;
  }
  const unzipped = spawnSync('unzip', ['-q', zip, '-d', dir], { env: { ...process.env, TZ: 'UTC' }, encoding: 'utf8' });
  if (unzipped.status !== 0) throw new Error(`unzip failed: ${unzipped.stderr}`);
  return dir;
}

/** GETs /app.css from the packaged handler once per set of request headers. */
async function getStylesheet(taskRoot: string, requests: Array<Record<string, string>>): Promise<HttpResponse[]> {
  const events = requests.map((headers) => restApiEvent({ method: 'GET', path: '/app.css', headers }));
  const run = await invokeLikeLambda(taskRoot, HANDLER, events);
  return run.results.map((result) => {
    if (!result.ok) throw new Error(`the handler failed: ${result.error}\n${run.stderr}`);
    return fromRestApiResult(result.value);
  });
}

const header = (response: HttpResponse, name: string) => response.headers[name]?.[0] ?? '';

describe('static files served from the package (issue 19)', () => {
  beforeAll(async () => {
    repo = await createGitRepo();
    writeFileSync(join(repo.dir, 'package.json'), JSON.stringify({ name: 'static-cache', type: 'module', dependencies: { express: '*' } }));
    writeFileSync(join(repo.dir, '.gitignore'), 'node_modules\n.tsappa/\n');
    writeFileSync(join(repo.dir, 'app.mjs'), APP);
    mkdirSync(join(repo.dir, 'public'));
    writeFileSync(join(repo.dir, 'public/app.css'), OLD_CSS);
    symlinkSync(ROOT_NODE_MODULES, join(repo.dir, 'node_modules'));
    repo.commit('the app', COMMITTED);
  });

  it('a same-size change gets a new ETag and Last-Modified; the old ones get 200 with the new bytes; same inputs, same zip', async () => {
    const before = await packageApp();
    const beforeRoot = await extractLikeLambda(before.zip);
    const [first] = await getStylesheet(beforeRoot, [{}]);
    expect(first!.status).toBe(200);
    expect(first!.body.toString()).toBe(OLD_CSS);
    const oldEtag = header(first!, 'etag');
    const oldLastModified = header(first!, 'last-modified');
    expect(oldEtag).not.toBe('');
    expect(new Date(oldLastModified).getTime() / 1000).toBe(COMMITTED); // the commit, not 1980
    // what serve and slimHandler extract gives the same file times as Lambda's extraction
    const served = await mkdtemp(join(realpathSync(tmpdir()), 'tsappa-static-serve-'));
    await extractZip(before.zip, served);
    expect(statSync(join(served, 'public/app.css')).mtimeMs).toBe(statSync(join(beforeRoot, 'public/app.css')).mtimeMs);

    writeFileSync(join(repo.dir, 'public/app.css'), NEW_CSS); // edited, not committed yet
    const after = await packageApp();
    expect(after.sha256).not.toBe(before.sha256);
    const [fresh, withOldEtag, withOldDate, withBoth] = await getStylesheet(await extractLikeLambda(after.zip), [
      {},
      { 'If-None-Match': oldEtag },
      { 'If-Modified-Since': oldLastModified },
      { 'If-None-Match': oldEtag, 'If-Modified-Since': oldLastModified },
    ]);
    expect(header(fresh!, 'etag')).not.toBe(oldEtag);
    expect(new Date(header(fresh!, 'last-modified')).getTime()).toBeGreaterThan(new Date(oldLastModified).getTime());
    for (const response of [withOldEtag, withOldDate, withBoth]) {
      expect(response!.status).toBe(200);
      expect(response!.body.toString()).toBe(NEW_CSS);
    }
    // and a client holding the new ETag is told it is current
    const [current] = await getStylesheet(await extractLikeLambda(after.zip), [{ 'If-None-Match': header(fresh!, 'etag') }]);
    expect(current!.status).toBe(304);

    // the same inputs, even with the file's own time changed (a checkout, a touch): the same bytes
    utimesSync(join(repo.dir, 'public/app.css'), new Date(), new Date());
    const again = await packageApp();
    expect(again.sha256).toBe(after.sha256);
    expect(readFileSync(again.zip).equals(readFileSync(after.zip))).toBe(true);

    // committing the edit moves the time on, never back
    repo.commit('the new colour', COMMITTED_LATER);
    const committed = await packageApp();
    const [later] = await getStylesheet(await extractLikeLambda(committed.zip), [{ 'If-Modified-Since': header(fresh!, 'last-modified') }]);
    expect(later!.status).toBe(200);
    expect(new Date(header(later!, 'last-modified')).getTime() / 1000).toBe(COMMITTED_LATER);
  });
});
