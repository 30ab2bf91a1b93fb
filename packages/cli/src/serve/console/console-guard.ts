/**
 * Who may use the local console. The console is served only on a loopback address (never when
 * serve is bound to the network), and every request to it must name that loopback address in its
 * `Host` header (a page on another site that re-points its own name at 127.0.0.1, "DNS rebinding",
 * sends its own name and is refused). What changes something (a resend, a schedule fired now) must
 * also come from the console's own page: a POST with the page's token in `x-tsappa-console-token`,
 * and, when the browser says where it comes from (`Origin`, `Sec-Fetch-Site`), from the console's
 * own origin. A page on another origin can neither read the token nor send that header without a
 * CORS preflight, which the console never allows.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';

export const CONSOLE_TOKEN_HEADER = 'x-tsappa-console-token';

/** Whether `host` (serve's `--host`) is a loopback address the console may be served on. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1';
  return false;
}

/** The `Host` header's name and port, or null when it is not `name:port`. */
function parseHostHeader(value: string): { name: string; port: number } | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(value);
  if (!match) return null;
  return { name: (match[1] as string).toLowerCase(), port: Number(match[2]) };
}

export type GuardVerdict = { ok: true } | { ok: false; status: number; reason: string };

/** A GET (the page, its state, its event stream): the Host header must be a loopback name with serve's port. */
export function checkHost(headers: IncomingHttpHeaders, port: number): GuardVerdict {
  const host = parseHostHeader(headers.host ?? '');
  if (!host || host.port !== port || !isLoopbackHost(host.name)) {
    return { ok: false, status: 403, reason: 'the console answers only requests addressed to this machine (Host: 127.0.0.1, localhost or [::1] with serve\'s port)' };
  }
  return { ok: true };
}

function sameToken(sent: string | string[] | undefined, token: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A POST (resend, fire now): a loopback Host, the page's token, and no other origin. */
export function checkAction(headers: IncomingHttpHeaders, port: number, token: string): GuardVerdict {
  const host = checkHost(headers, port);
  if (!host.ok) return host;
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${headers.host ?? ''}`) {
    return { ok: false, status: 403, reason: `a request from another origin (${origin}) cannot act on the console` };
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') {
    return { ok: false, status: 403, reason: `a request from another site (Sec-Fetch-Site: ${String(site)}) cannot act on the console` };
  }
  if (!sameToken(headers[CONSOLE_TOKEN_HEADER], token)) {
    return { ok: false, status: 403, reason: `the console's actions need the token of its page in ${CONSOLE_TOKEN_HEADER}` };
  }
  return { ok: true };
}
