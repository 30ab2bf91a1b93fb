/**
 * The console's page: ./console.html (one file, its CSS and script inline; the CLI's build copies
 * it next to this module in dist), with the session's action token and a fresh CSP nonce filled
 * in. The Content-Security-Policy lets only that inline script and style run, and only towards the
 * console itself: even text that escaped the page's escaping could not run a script.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

let template: string | null = null;

function pageTemplate(): string {
  template ??= readFileSync(new URL('./console.html', import.meta.url), 'utf8');
  return template;
}

export interface ConsolePage {
  html: string;
  headers: Record<string, string>;
}

/** The page for one response. `token` is hex (nothing to escape). */
export function consolePage(token: string): ConsolePage {
  if (!/^[0-9a-f]+$/.test(token)) throw new Error('the console token must be hex');
  const nonce = randomBytes(16).toString('base64');
  const html = pageTemplate().replaceAll('__TSAPPA_NONCE__', nonce).replaceAll('__TSAPPA_TOKEN__', token);
  return {
    html,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    },
  };
}
