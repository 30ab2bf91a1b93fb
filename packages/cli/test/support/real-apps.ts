/**
 * Test support: the real-apps corpus (test/fixtures/apps, see its README) and, for each app,
 * the requests it answers as generated and what a user gets back. Generated apps are checked
 * only on what they serve as generated; the JSON, POST and cookie checks are on the apps that
 * have such routes (plain-http, hono-node, monorepo).
 */
import type { Check } from './http-checks.js';

export interface RealApp {
  /** the directory under test/fixtures/apps */
  name: string;
  /** the app's directory inside a monorepo, where tsappa runs */
  workspace?: string;
  /** the one setting `tsappa init --yes` cannot write, set in the stage after init */
  architecture?: 'arm64';
  /** the native binaries the zip must hold (and no others) for `architecture` */
  nativeBinaries?: RegExp;
  /** packages the bundle must hold: none of their files under node_modules/ in the zip */
  bundled?: string[];
  /** files of the installed app the zip must hold byte for byte, at the same path */
  shippedAsWritten?: string[];
  /** ms the Lambda-like process stays up after the last request, for work the app runs in the background (a worker thread) to report */
  settleMs?: number;
  /** what the process's output must never show (a failure of that background work) */
  outputNever?: RegExp;
  checks: Check[];
}

const get = (path: string, headers: Record<string, string> = {}) => ({ method: 'GET', path, headers });
const postJson = (path: string, value: unknown) => ({
  method: 'POST',
  path,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(value),
});

const ECHOED = { order: { id: 42, items: ['tea', 'cake'] }, note: 'naïve café ✓' };

/** Two cookies set in one response, then sent back. */
function cookieChecks(setCookies: Array<string | RegExp>): Check[] {
  return [
    { name: 'sets two cookies in one response, intact', request: get('/login'), expect: { status: 200, setCookies } },
    {
      name: 'reads the cookies the client sends',
      request: get('/whoami', { Cookie: 'session=abc123; theme=dark' }),
      expect: { status: 200, json: { session: 'abc123', theme: 'dark' } },
    },
  ];
}

export const REAL_APPS: RealApp[] = [
  {
    name: 'express-pug',
    checks: [
      { name: 'renders the index page with pug', request: get('/'), expect: { status: 200, contentType: /^text\/html/, contains: '<p>Welcome to Express</p>' } },
      { name: 'serves public/ byte for byte', request: get('/stylesheets/style.css'), expect: { status: 200, contentType: /^text\/css/, file: 'public/stylesheets/style.css' } },
      { name: 'answers /users', request: get('/users'), expect: { status: 200, contains: 'respond with a resource' } },
      { name: 'renders the error page for an unknown path, 404', request: get('/no/such/page'), expect: { status: 404, contentType: /^text\/html/, contains: '<h1>Not Found</h1>' } },
    ],
  },
  {
    name: 'koa2',
    checks: [
      { name: 'renders the index page with pug', request: get('/'), expect: { status: 200, contentType: /^text\/html/, contains: '<p>Welcome to Hello Koa 2!</p>' } },
      { name: 'answers a string', request: get('/string'), expect: { status: 200, contains: 'koa2 string' } },
      { name: 'answers JSON', request: get('/json'), expect: { status: 200, contentType: /^application\/json/, json: { title: 'koa2 json' } } },
      { name: 'answers /users/bar', request: get('/users/bar'), expect: { status: 200, contains: 'this is a users/bar response' } },
      { name: 'serves public/ byte for byte', request: get('/stylesheets/style.css'), expect: { status: 200, contentType: /^text\/css/, file: 'public/stylesheets/style.css' } },
      { name: 'answers 404 for an unknown path', request: get('/no/such/page'), expect: { status: 404, contains: 'Not Found' } },
    ],
  },
  {
    name: 'fastify-cli',
    checks: [
      { name: 'answers the root route (routes/root.js)', request: get('/'), expect: { status: 200, contentType: /^application\/json/, json: { root: true } } },
      { name: 'answers the autoloaded routes/example', request: get('/example'), expect: { status: 200, contains: 'this is an example' } },
      {
        name: 'answers 404 for an unknown path',
        request: get('/no/such/page'),
        expect: { status: 404, json: { message: 'Route GET:/no/such/page not found', error: 'Not Found', statusCode: 404 } },
      },
    ],
  },
  {
    name: 'nest',
    // @nestjs/observe runs three of its files' functions as source text in a worker thread:
    // they ship as written, and Nest (its peers included) is bundled
    bundled: ['@nestjs/core', '@nestjs/common', '@nestjs/platform-express', 'rxjs', 'express'],
    shippedAsWritten: [
      'node_modules/@nestjs/observe/dist/agent/detached-observe-worker.js',
      'node_modules/@nestjs/observe/dist/agent/telemetry-wire-contract.js',
      'node_modules/@nestjs/observe/dist/utils/ingest-refusal.util.js',
    ],
    // its worker starts with the app; a bundle-rewritten source fails there ("[worker eval]:1 ... is not defined")
    settleMs: 1500,
    outputNever: /\[worker eval\]/,
    checks: [
      { name: 'answers the AppController', request: get('/'), expect: { status: 200, contains: 'Hello World!' } },
      {
        name: 'answers 404 for an unknown path',
        request: get('/no/such/page'),
        expect: { status: 404, json: { message: 'Cannot GET /no/such/page', error: 'Not Found', statusCode: 404 } },
      },
    ],
  },
  {
    name: 'hono-node',
    checks: [
      { name: 'answers the template route', request: get('/'), expect: { status: 200, contains: 'Hello Hono!' } },
      { name: 'answers JSON', request: get('/api/hello'), expect: { status: 200, contentType: /^application\/json/, json: { message: 'Hello Hono!', runtime: 'node' } } },
      { name: 'echoes a JSON POST body', request: postJson('/api/echo', ECHOED), expect: { status: 200, json: { received: ECHOED } } },
      ...cookieChecks(['session=abc123; Path=/; HttpOnly', 'theme=dark; Max-Age=3600; Path=/']),
      { name: 'serves static/ byte for byte (text)', request: get('/static/hello.txt'), expect: { status: 200, file: 'static/hello.txt' } },
      { name: 'serves static/ byte for byte (PNG)', request: get('/static/logo.png'), expect: { status: 200, contentType: /^image\/png/, file: 'static/logo.png' } },
      { name: 'answers 404 for an unknown path', request: get('/no/such/page'), expect: { status: 404, contains: '404 Not Found' } },
    ],
  },
  {
    name: 'plain-http',
    checks: [
      { name: 'answers the HTML page', request: get('/'), expect: { status: 200, contentType: /^text\/html/, contains: '<h1>Hello from plain http</h1>' } },
      { name: 'answers JSON with the query', request: get('/api/hello?name=Ada'), expect: { status: 200, contentType: /^application\/json/, json: { message: 'hello', name: 'Ada' } } },
      { name: 'echoes a JSON POST body', request: postJson('/api/echo', ECHOED), expect: { status: 200, json: { received: ECHOED } } },
      ...cookieChecks(['session=abc123; Path=/; HttpOnly', 'theme=dark; Path=/; Max-Age=3600']),
      { name: 'serves a file read from disk byte for byte (CSS)', request: get('/public/style.css'), expect: { status: 200, contentType: /^text\/css/, file: 'public/style.css' } },
      { name: 'serves a file read from disk byte for byte (PNG)', request: get('/public/logo.png'), expect: { status: 200, contentType: /^image\/png/, file: 'public/logo.png' } },
      { name: 'answers 404 for an unknown path', request: get('/no/such/page'), expect: { status: 404, contains: 'Not Found' } },
    ],
  },
  {
    name: 'monorepo',
    workspace: 'packages/api',
    checks: [
      { name: 'answers the HTML page', request: get('/'), expect: { status: 200, contentType: /^text\/html/, contains: '<h1>Shop</h1>' } },
      {
        name: 'answers JSON built by the sibling workspace package',
        request: get('/api/products'),
        expect: {
          status: 200,
          contentType: /^application\/json/,
          json: [
            { id: 'tea', name: 'Green tea', cents: 450, price: '€4.50' },
            { id: 'cake', name: 'Carrot cake', cents: 380, price: '€3.80' },
          ],
        },
      },
      { name: 'echoes a JSON POST body', request: postJson('/api/echo', ECHOED), expect: { status: 200, json: { received: ECHOED } } },
      ...cookieChecks(['session=abc123; Path=/; HttpOnly', /^theme=dark; Max-Age=3600; Path=\/; Expires=\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/]),
      { name: 'serves public/ byte for byte', request: get('/public/style.css'), expect: { status: 200, contentType: /^text\/css/, file: 'public/style.css' } },
      { name: 'answers 404 for an unknown path', request: get('/no/such/page'), expect: { status: 404, contains: 'Cannot GET /no/such/page' } },
    ],
  },
  {
    name: 'sharp',
    architecture: 'arm64',
    nativeBinaries: /^node_modules\/@img\/sharp-(libvips-)?linux-arm64\//,
    checks: [
      { name: 'reads image metadata with sharp', request: get('/api/photo'), expect: { status: 200, json: { width: 64, height: 48, format: 'png', sharp: '0.35.6' } } },
      { name: 'resizes an image with sharp', request: get('/thumbnail.png?size=32'), expect: { status: 200, contentType: /^image\/png/, png: { width: 32, height: 32 } } },
      { name: 'serves images/ byte for byte', request: get('/images/photo.png'), expect: { status: 200, contentType: /^image\/png/, file: 'images/photo.png' } },
      { name: 'answers 404 for an unknown path', request: get('/no/such/page'), expect: { status: 404, contains: 'Cannot GET /no/such/page' } },
    ],
  },
];
