/**
 * Which response bodies travel base64-encoded: any with a `content-encoding`, and any whose
 * content type is not on the text allowlist (text/*, JSON, XML, JavaScript, `+json`, `+xml`,
 * URL-encoded form data, SVG). `binaryContentTypes` forces types to binary, `textContentTypes`
 * adds text types; a function decides alone.
 */
import type { OutgoingHeaders } from './response-head.js';
import { headerString } from './response-head.js';

export interface BinaryOptions {
  /** media types (`image/png`, `image/*`, `*\/*`) always sent base64, or a predicate deciding for every type */
  binaryContentTypes?: readonly string[] | ((contentType: string) => boolean);
  /** media types added to the text allowlist */
  textContentTypes?: readonly string[];
  /**
   * `false` never base64-encodes (for an API without binary media types configured); bodies
   * are sent as UTF-8 text. Default `true`.
   */
  binarySupport?: boolean;
}

/** Decides, from the response headers, whether the body is sent base64-encoded. */
export type BinaryCheck = (headers: OutgoingHeaders) => boolean;

const TEXT_TYPES = new Set([
  'application/json',
  'application/javascript',
  'application/ecmascript',
  'application/x-javascript',
  'application/xml',
  'application/x-www-form-urlencoded',
  'image/svg+xml',
]);

/** The media type without parameters, lower case: `Text/HTML; charset=utf-8` → `text/html`. */
export function mediaType(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

export function isTextMediaType(type: string): boolean {
  return type.startsWith('text/') || TEXT_TYPES.has(type) || type.endsWith('+json') || type.endsWith('+xml');
}

const matcher = (patterns: readonly string[]): ((type: string) => boolean) => {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  let all = false;
  for (const p of patterns) {
    const t = mediaType(p);
    if (t === '*/*' || t === '*') all = true;
    else if (t.endsWith('/*')) prefixes.push(t.slice(0, -1));
    else exact.add(t);
  }
  return (type) => all || exact.has(type) || prefixes.some((p) => type.startsWith(p));
};

export function createBinaryCheck(options: BinaryOptions = {}): BinaryCheck {
  if (options.binarySupport === false) return () => false;
  const custom = options.binaryContentTypes;
  const forced = typeof custom === 'function' ? undefined : custom && custom.length > 0 ? matcher(custom) : undefined;
  const extraText = options.textContentTypes?.length ? matcher(options.textContentTypes) : undefined;
  const decide =
    typeof custom === 'function'
      ? (type: string) => custom(type)
      : (type: string) => (forced !== undefined && forced(type)) || !(isTextMediaType(type) || (extraText?.(type) ?? false));

  // A few content types cover nearly every response: remember the answers.
  const cache = new Map<string, boolean>();
  return (headers) => {
    const encoding = headers['content-encoding'];
    if (encoding !== undefined) {
      const e = headerString(encoding).trim().toLowerCase();
      if (e !== '' && e !== 'identity') return true;
    }
    const ct = headers['content-type'];
    const contentType = ct === undefined ? '' : headerString(ct);
    let answer = cache.get(contentType);
    if (answer === undefined) {
      answer = decide(mediaType(contentType));
      if (cache.size < 256) cache.set(contentType, answer);
    }
    return answer;
  };
}
