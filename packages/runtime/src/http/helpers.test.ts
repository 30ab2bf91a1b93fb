/** The small pure pieces: base paths, URL pieces, binary detection, header shapes, deadlines. */
import { describe, expect, it } from 'vitest';
import { normalizeBasePath, stripBasePath } from './base-path.js';
import { createBinaryCheck, mediaType } from './binary.js';
import { Watchdog } from './deadline.js';
import { headersFromArgument, mayHaveBody } from './response-head.js';
import { encodedQuery, rawQuery, safePath } from './url.js';

describe('base paths', () => {
  it('normalises', () => {
    expect(normalizeBasePath('api')).toBe('/api');
    expect(normalizeBasePath('/api/')).toBe('/api');
    expect(normalizeBasePath('//v1/api//')).toBe('/v1/api');
    for (const none of ['', '/', '(none)', undefined, null]) expect(normalizeBasePath(none)).toBe('');
  });

  it('strips whole segments only', () => {
    expect(stripBasePath('/api/x', '/api')).toBe('/x');
    expect(stripBasePath('/api', '/api')).toBe('/');
    expect(stripBasePath('/api/', '/api')).toBe('/');
    expect(stripBasePath('/apix', '/api')).toBe('/apix');
    expect(stripBasePath('/x/api', '/api')).toBe('/x/api');
    expect(stripBasePath('/x', '')).toBe('/x');
  });
});

describe('URL pieces', () => {
  it('keeps safe paths untouched and escapes only what a request target cannot hold', () => {
    expect(safePath('/a/b%2F/c/')).toBe('/a/b%2F/c/');
    expect(safePath('/a b')).toBe('/a%20b');
    expect(safePath('/ü/😀')).toBe('/%C3%BC/%F0%9F%98%80');
    expect(safePath('/\uD800')).toBe('/%EF%BF%BD');
    expect(safePath('')).toBe('/');
    expect(safePath('no-slash')).toBe('/no-slash');
  });

  it('re-encodes decoded parameters (%20 for spaces), keeping repeats', () => {
    expect(encodedQuery({ a: ['1', '2'], 'b c': ['d e'] }, { a: '2' })).toBe('a=1&a=2&b%20c=d%20e');
    expect(encodedQuery(null, { q: 'x+y&z' })).toBe('q=x%2By%26z');
    expect(encodedQuery(null, null)).toBe('');
  });

  it('joins raw (ALB) parameters untouched', () => {
    expect(rawQuery({ q: ['a%20b', 'c+d'] }, null)).toBe('q=a%20b&q=c+d');
    expect(rawQuery(null, { q: 'a%20b' })).toBe('q=a%20b');
  });
});

describe('binary detection', () => {
  const check = createBinaryCheck();
  it('reads the media type', () => {
    expect(mediaType(' Text/HTML ; charset=utf-8')).toBe('text/html');
  });

  it('text allowlist, content-encoding, everything else binary', () => {
    expect(check({ 'content-type': 'text/plain' })).toBe(false);
    expect(check({ 'content-type': 'application/vnd.api+json' })).toBe(false);
    expect(check({ 'content-type': 'application/rss+xml' })).toBe(false);
    expect(check({ 'content-type': 'text/plain', 'content-encoding': 'gzip' })).toBe(true);
    expect(check({ 'content-type': 'application/wasm' })).toBe(true);
    expect(check({})).toBe(true);
  });
});

describe('response heads', () => {
  it('reads every form writeHead accepts', () => {
    expect(headersFromArgument({ 'X-A': '1', 'Set-Cookie': ['a', 'b'], N: 5 })).toEqual({ 'x-a': '1', 'set-cookie': ['a', 'b'], n: 5 });
    expect(headersFromArgument(['X-A', '1', 'x-a', '2'])).toEqual({ 'x-a': ['1', '2'] });
    expect(headersFromArgument([['X-A', '1'], ['Set-Cookie', 'c']])).toEqual({ 'x-a': '1', 'set-cookie': 'c' });
  });

  it('knows which responses have no body', () => {
    expect(mayHaveBody('HEAD', 200)).toBe(false);
    expect(mayHaveBody('GET', 204)).toBe(false);
    expect(mayHaveBody('GET', 304)).toBe(false);
    expect(mayHaveBody('GET', 200)).toBe(true);
  });
});

describe('deadline watchdog', () => {
  it('expires each entry at its own deadline, and never an unwatched one', async () => {
    const dog = new Watchdog();
    const expired: string[] = [];
    const entry = (name: string) => ({ due: 0, expire: () => void expired.push(name) });
    const a = entry('a');
    const b = entry('b');
    const c = entry('c');
    dog.watch(a, 40);
    dog.watch(b, 10);
    dog.watch(c, 20);
    dog.unwatch(c);
    await new Promise((r) => setTimeout(r, 25));
    expect(expired).toEqual(['b']);
    await new Promise((r) => setTimeout(r, 30));
    expect(expired).toEqual(['b', 'a']);
  });
});
