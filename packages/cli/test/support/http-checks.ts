/**
 * Test support: one request/expectation table checked the same way against a packaged handler
 * (an API Gateway REST proxy result) and against `tsappa serve` (a real HTTP response).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { HttpRequest } from './rest-api-event.js';

/** A response as the client sees it: header names lower-cased, every Set-Cookie kept apart. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string[]>;
  setCookies: string[];
  body: Buffer;
}

export interface Expectation {
  status: number;
  /** a RegExp the Content-Type must match */
  contentType?: RegExp;
  /** text the body must contain */
  contains?: string;
  /** the body, parsed as JSON, must equal this */
  json?: unknown;
  /** the body must be byte for byte this file of the app (path relative to the app's directory) */
  file?: string;
  /** the Set-Cookie headers, in order: exact strings, or patterns where the value holds a date */
  setCookies?: Array<string | RegExp>;
  /** the body is a PNG image of this size */
  png?: { width: number; height: number };
}

export interface Check {
  /** what the user relies on, e.g. "renders the index page" */
  name: string;
  request: HttpRequest;
  expect: Expectation;
}

/** An API Gateway REST (v1) proxy result, as API Gateway turns it into a response. */
export function fromRestApiResult(value: unknown): HttpResponse {
  const result = value as {
    statusCode: number;
    headers?: Record<string, string | number | boolean>;
    multiValueHeaders?: Record<string, Array<string | number | boolean>>;
    body?: string;
    isBase64Encoded?: boolean;
  };
  const headers: Record<string, string[]> = {};
  for (const [name, v] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = [String(v)];
  // API Gateway sends multiValueHeaders' values, after any single-value header of the same name
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    const key = name.toLowerCase();
    headers[key] = [...(headers[key] ?? []), ...values.map(String)].filter((v, i, all) => all.indexOf(v) === i);
  }
  const body = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  return { status: result.statusCode, headers, setCookies: headers['set-cookie'] ?? [], body };
}

export async function fromFetch(response: Response): Promise<HttpResponse> {
  const headers: Record<string, string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = [value];
  });
  return {
    status: response.status,
    headers,
    setCookies: response.headers.getSetCookie(),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

/** Width and height from a PNG's IHDR chunk (bytes 16-23), or null when it is not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 24 || bytes.toString('latin1', 1, 4) !== 'PNG' || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function describe(res: HttpResponse): string {
  const type = res.headers['content-type']?.[0] ?? '';
  const text = /^(text|application\/json)/.test(type) || type === '' ? res.body.toString('utf8').slice(0, 600) : `<${res.body.length} bytes>`;
  return `HTTP ${res.status} ${type}\n${text}`;
}

/** Asserts one expectation; `appDir` is where `file` paths are read from. */
export function expectResponse(res: HttpResponse, want: Expectation, appDir: string, label: string): void {
  const about = `${label}: ${describe(res)}`;
  expect(res.status, about).toBe(want.status);
  if (want.contentType) expect(res.headers['content-type']?.[0] ?? '', about).toMatch(want.contentType);
  if (want.contains !== undefined) expect(res.body.toString('utf8'), about).toContain(want.contains);
  if (want.json !== undefined) expect(JSON.parse(res.body.toString('utf8')) as unknown, about).toEqual(want.json);
  if (want.file !== undefined) {
    const onDisk = readFileSync(join(appDir, want.file));
    expect(res.body.equals(onDisk), `${about}\nexpected the ${onDisk.length} bytes of ${want.file}, got ${res.body.length}`).toBe(true);
  }
  if (want.setCookies) {
    expect(res.setCookies, about).toHaveLength(want.setCookies.length);
    want.setCookies.forEach((cookie, i) => {
      if (typeof cookie === 'string') expect(res.setCookies[i], about).toBe(cookie);
      else expect(res.setCookies[i], about).toMatch(cookie);
    });
  }
  if (want.png) expect(pngSize(res.body), about).toEqual(want.png);
}
