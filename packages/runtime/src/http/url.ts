/**
 * URL pieces: the path exactly as the client sent it, made safe for `req.url` when the
 * integration handed it over decoded; query strings rebuilt from parameter maps.
 */
import type { MultiStringMap, StringMap } from './events.js';

// Characters that cannot appear raw in a request target, plus `?` and `#`, which would
// change its meaning. Percent signs are left alone: existing escapes stay as they are.
const UNSAFE_PATH = /[^\x21-\x7e]|[?#]/u;
const UNSAFE_PATH_ALL = /[^\x21-\x7e]|[?#]/gu;

const escapeChar = (ch: string): string => {
  try {
    return encodeURIComponent(ch);
  } catch {
    return '%EF%BF%BD'; // a lone surrogate: U+FFFD
  }
};

/** The path for `req.url`: kept byte for byte (trailing slashes, `%2F`…), only unsafe characters escaped. */
export function safePath(path: string): string {
  if (path === '') return '/';
  const safe = UNSAFE_PATH.test(path) ? path.replace(UNSAFE_PATH_ALL, escapeChar) : path;
  return safe.charCodeAt(0) === 47 ? safe : '/' + safe;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const encode = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'));
  }
};

/**
 * API Gateway v1 gives decoded parameters: encode them again (spaces as `%20`). Multi-value
 * parameters win over single-value ones; repeated keys are all kept, in order.
 */
export function encodedQuery(multi: MultiStringMap | null | undefined, single: StringMap | null | undefined): string {
  return buildQuery(multi, single, encode);
}

/** ALB gives parameters exactly as the client sent them (still encoded): join them untouched. */
export function rawQuery(multi: MultiStringMap | null | undefined, single: StringMap | null | undefined): string {
  return buildQuery(multi, single, (s) => s);
}

function buildQuery(
  multi: MultiStringMap | null | undefined,
  single: StringMap | null | undefined,
  enc: (s: string) => string,
): string {
  let out = '';
  if (multi) {
    for (const key in multi) {
      const values = multi[key];
      if (!values) continue;
      const k = enc(key);
      for (let i = 0; i < values.length; i++) {
        out += (out === '' ? '' : '&') + k + '=' + enc(values[i] ?? '');
      }
    }
    return out;
  }
  if (single) {
    for (const key in single) {
      const value = single[key];
      if (value === undefined || value === null) continue;
      out += (out === '' ? '' : '&') + enc(key) + '=' + enc(value);
    }
  }
  return out;
}
