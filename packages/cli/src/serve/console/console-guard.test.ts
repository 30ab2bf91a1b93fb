import { describe, expect, it } from 'vitest';
import { CONSOLE_TOKEN_HEADER, checkAction, checkHost, isLoopbackHost } from './console-guard.js';

const TOKEN = 'ab'.repeat(24);
const PORT = 8000;

describe('the console guard', () => {
  it('serves the console only on a loopback host', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.2', 'example.com', '']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('answers only requests addressed to this machine on serve\'s port (no DNS rebinding)', () => {
    expect(checkHost({ host: '127.0.0.1:8000' }, PORT).ok).toBe(true);
    expect(checkHost({ host: 'localhost:8000' }, PORT).ok).toBe(true);
    expect(checkHost({ host: '[::1]:8000' }, PORT).ok).toBe(true);
    for (const host of ['evil.example:8000', '127.0.0.1:8001', '127.0.0.1', 'localhost.evil.example:8000', undefined]) {
      expect(checkHost(host === undefined ? {} : { host }, PORT)).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('lets an action through only with the page token, from the console\'s own origin', () => {
    const own = { host: '127.0.0.1:8000', [CONSOLE_TOKEN_HEADER]: TOKEN };
    expect(checkAction(own, PORT, TOKEN).ok).toBe(true);
    expect(checkAction({ ...own, origin: 'http://127.0.0.1:8000', 'sec-fetch-site': 'same-origin' }, PORT, TOKEN).ok).toBe(true);
    expect(checkAction({ ...own, origin: 'http://127.0.0.1:9999' }, PORT, TOKEN)).toMatchObject({ ok: false, reason: expect.stringContaining('another origin') });
    expect(checkAction({ ...own, origin: 'null' }, PORT, TOKEN).ok).toBe(false);
    expect(checkAction({ ...own, 'sec-fetch-site': 'same-site' }, PORT, TOKEN).ok).toBe(false);
    expect(checkAction({ host: own.host }, PORT, TOKEN)).toMatchObject({ ok: false, reason: expect.stringContaining(CONSOLE_TOKEN_HEADER) });
    expect(checkAction({ ...own, [CONSOLE_TOKEN_HEADER]: TOKEN.slice(1) }, PORT, TOKEN).ok).toBe(false);
    expect(checkAction({ ...own, [CONSOLE_TOKEN_HEADER]: 'cd'.repeat(24) }, PORT, TOKEN).ok).toBe(false);
    expect(checkAction({ ...own, host: 'evil.example:8000' }, PORT, TOKEN).ok).toBe(false);
  });
});
