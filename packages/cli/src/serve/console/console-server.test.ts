import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleBus, type DeadLetterEntry } from '../console-events.js';
import { CONSOLE_TOKEN_HEADER } from './console-guard.js';
import { createConsoleServer, isConsolePath, type ConsoleServer } from './console-server.js';

let server: Server;
let consoleServer: ConsoleServer;
let base: string;
let bus: ConsoleBus;
const resent: DeadLetterEntry[] = [];
const fired: string[] = [];

beforeEach(async () => {
  resent.length = 0;
  fired.length = 0;
  bus = new ConsoleBus({ stage: 'dev', functionName: 'app-dev', url: 'http://127.0.0.1/dev' });
  let port = 0;
  consoleServer = createConsoleServer({
    bus,
    port: () => port,
    actions: {
      resend: (entry) => resent.push(entry),
      fire: (name) => name === 'tick' && fired.push(name) > 0,
    },
  });
  server = createServer((req, res) => consoleServer.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterEach(async () => {
  consoleServer.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const post = (path: string, body?: string) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { [CONSOLE_TOKEN_HEADER]: consoleServer.token, 'content-type': 'application/json' }, ...(body ? { body } : {}) });

describe('the console server', () => {
  it('claims /_tsappa and what is under it, nothing else', () => {
    for (const url of ['/_tsappa', '/_tsappa/', '/_tsappa/api/state', '/_tsappa?x=1']) expect(isConsolePath(url)).toBe(true);
    for (const url of ['/dev/_tsappa', '/_tsappa2', '/_tsappax/', '/', '/dev']) expect(isConsolePath(url)).toBe(false);
  });

  it('serves its page with the token, a nonce for its own script only, and no framing', async () => {
    expect((await fetch(`${base}/_tsappa`, { redirect: 'manual' })).headers.get('location')).toBe('/_tsappa/');
    const page = await fetch(`${base}/_tsappa/`);
    const html = await page.text();
    const csp = page.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain(`content="${consoleServer.token}"`);
    expect(html).not.toContain('__TSAPPA_');
    expect(csp).toContain("frame-ancestors 'none'");
    // a fresh nonce per page
    const again = (await fetch(`${base}/_tsappa/`)).headers.get('content-security-policy');
    expect(again).not.toBe(csp);
  });

  it('streams a snapshot, then each change', async () => {
    const res = await fetch(`${base}/_tsappa/api/events`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await readUntil('event: snapshot');
    await readUntil(`"token":"${consoleServer.token}"`);
    bus.request({ id: 'r1', method: 'GET', path: '/dev/x', status: 200, durationMs: 2, note: null });
    await readUntil('"id":"r1"');
    expect(text).toMatch(/event: update\ndata: \{"type":"request","entry":\{"id":"r1"/);
    await reader.cancel();
  });

  it('resends only a dead letter it holds, never what the request sends', async () => {
    const held = bus.deadLettered({ failedAt: '', requestId: 'a', name: 'send', id: 't1', attempts: 3, error: { errorType: 'E', errorMessage: 'm' }, event: { held: true } });
    expect((await post('/_tsappa/api/dead-letters/t1/resend', JSON.stringify({ event: { injected: true } }))).status).toBe(404);
    expect(resent).toEqual([]);
    const ok = await post(`/_tsappa/api/dead-letters/${held.id}/resend`, JSON.stringify({ event: { injected: true } }));
    expect(ok.status).toBe(202);
    expect(resent.map((e) => e.letter.event)).toEqual([{ held: true }]);
    expect(bus.deadLetter(held.id)?.resent).toBe(1);
  });

  it('fires a schedule it knows; refuses actions without the token and answers other methods 405', async () => {
    expect((await post('/_tsappa/api/schedules/tick/fire')).status).toBe(202);
    expect((await post('/_tsappa/api/schedules/nope/fire')).status).toBe(404);
    expect(fired).toEqual(['tick']);
    expect((await fetch(`${base}/_tsappa/api/schedules/tick/fire`, { method: 'POST' })).status).toBe(403);
    expect(fired).toEqual(['tick']);
    expect((await fetch(`${base}/_tsappa/api/state`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${base}/_tsappa/nothing`)).status).toBe(404);
  });
});
