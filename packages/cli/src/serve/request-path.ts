/**
 * The one reading of a request path that serve's gateway, the authorizer's method ARN, the SigV4
 * check and the function all share, or a refusal when a path has more than one reading.
 *
 * What AWS documents:
 * - REST APIs decode URL-encoded request parameters before passing them to backend integrations
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html),
 *   so `%2F` reaches the function, and the method ARN, as `/`.
 * - The method ARN an authorizer's policy is matched against is
 *   `arn:aws:execute-api:region:account:api-id/stage/METHOD/resource-path`
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html).
 * - SigV4 signers for every service but S3 remove `.`/`..` segments and repeated slashes from
 *   the path they sign (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html),
 *   while what the function receives is the path as sent.
 * AWS documents no resolution of dot segments for REST API routing, so a path such as
 * `/public/../secret` would be one path to the authorizer's policy and signature and another to
 * an app or a URL parser that resolves it (WHATWG URL parsers also read `%2e` as `.` and `\` as
 * `/`). Serve therefore refuses, before any authorization, a path that after API Gateway's one
 * decoding has a `.` or `..` segment (in any spelling), a backslash, or an empty segment (`//`);
 * a trailing slash stays, as API Gateway keeps it. Every other path has one reading: the decoded
 * one, used alike for routing, the method ARN and the event.
 */

export type PathCheck = { ok: true; decoded: string } | { ok: false; reason: string };

function decodeOnce(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** `.` or `..`, also spelled with `%2e` (which a WHATWG URL parser reads as a dot). */
function isDotSegment(segment: string): boolean {
  const dots = segment.replace(/%2e/gi, '.');
  return dots === '.' || dots === '..';
}

/** Checks the raw path (no query) of a request. */
export function checkRequestPath(rawPath: string): PathCheck {
  const decoded = decodeOnce(rawPath);
  if (decoded === null) return { ok: false, reason: 'malformed percent-encoding in the path' };
  if (decoded.includes('\\')) return { ok: false, reason: 'backslash in the path' };
  const segments = decoded.split('/').slice(1);
  // the last segment may be empty: a trailing slash
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i] as string;
    if (isDotSegment(segment)) return { ok: false, reason: `dot segment "${segment}" in the path` };
    if (segment === '' && i < segments.length - 1) return { ok: false, reason: 'empty segment (//) in the path' };
  }
  return { ok: true, decoded };
}
