/**
 * AWS Signature Version 4 verification for `iamAuthorization` (service `execute-api`), in the
 * Authorization header or in a presigned query string, against local credentials. Failures are
 * answered with API Gateway's own status, message and error type.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { gatewayAnswer, type HttpAnswer } from './proxy-event.js';

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** shown to the function as `identity.userArn` (default `arn:aws:iam::<account>:user/tsappa-local`) */
  userArn?: string;
}

export interface SignedRequest {
  method: string;
  /** raw path and query as received */
  url: string;
  /** Node's rawHeaders */
  rawHeaders: string[];
  body: Buffer;
}

export type VerifyOutcome =
  | { ok: true; credentials: LocalCredentials }
  | { ok: false; answer: HttpAnswer; reason: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';
/**
 * A request signed in the Authorization header must reach AWS within five minutes of its time
 * stamp (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-signing.html, "Protect against
 * potential replay attacks"), either way.
 */
const MAX_SKEW_MS = 5 * 60 * 1000;
/**
 * A presigned URL is valid for `X-Amz-Expires` seconds counted from `X-Amz-Date`, an integer from
 * 1 to 604800 (seven days)
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html); the expiry
 * widens the window after the signing time only
 * (https://docs.aws.amazon.com/prescriptive-guidance/latest/presigned-url-best-practices/overview.html),
 * and a signing time more than 15 minutes ahead of the clock is not yet valid.
 */
const MAX_PRESIGNED_SECONDS = 604_800;
const MAX_PRESIGNED_AHEAD_MS = 15 * 60 * 1000;
/** The query-string parameters of a presigned request; each must appear exactly once. */
const PRESIGN_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'];

/** Fresh local credentials, for when the environment has none. */
export function generateCredentials(): LocalCredentials {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const id = [...randomBytes(16)].map((b) => alphabet[b % 32]).join('');
  return { accessKeyId: `AKIALOCAL${id.slice(0, 11)}`, secretAccessKey: randomBytes(30).toString('base64') };
}

/** RFC 3986 encoding, as SigV4 wants it. */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The canonical URIs of the path received, never normalised: SigV4 signers for services other
 * than S3 URI-encode the path as sent once more (AWS SDKs: `%2F` is signed as `%252F`), S3-style
 * signers encode each decoded segment once
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html,
 * CanonicalURI). Both spell the same received path; a path with dot segments or `//` never gets
 * here (see request-path.ts), so a signature for one path never passes for another.
 */
function canonicalUris(rawPath: string): string[] {
  const doubleEncoded = escapeUri(rawPath).replace(/%2F/g, '/');
  const singleEncoded = rawPath
    .split('/')
    .map((segment) => escapeUri(safeDecode(segment)))
    .join('/');
  return [...new Set([doubleEncoded, singleEncoded])];
}

function canonicalQuery(rawQuery: string, skip?: string): string {
  if (!rawQuery) return '';
  const pairs: Array<[string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = escapeUri(safeDecode(eq < 0 ? part : part.slice(0, eq)));
    const value = escapeUri(safeDecode(eq < 0 ? '' : part.slice(eq + 1)));
    if (skip && key === skip) continue;
    pairs.push([key, value]);
  }
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function headerValues(rawHeaders: string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const list = map.get(name) ?? [];
    list.push(rawHeaders[i + 1] as string);
    map.set(name, list);
  }
  return map;
}

function parseAuthorization(value: string): Record<string, string> | null {
  if (!value.startsWith(`${ALGORITHM} `)) return null;
  const fields: Record<string, string> = {};
  for (const part of value.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return fields;
}

function parseAmzDate(text: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** `X-Amz-Expires` as seconds: digits only, 1 to 604800; anything else is null. */
export function parseExpires(text: string): number | null {
  if (!/^[0-9]{1,7}$/.test(text)) return null;
  const seconds = Number(text);
  return seconds >= 1 && seconds <= MAX_PRESIGNED_SECONDS ? seconds : null;
}

function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

const deny = (statusCode: number, message: string, errorType: string): VerifyOutcome => ({
  ok: false,
  answer: gatewayAnswer(statusCode, message, errorType),
  reason: message,
});

/** Does the request carry a signature at all (header or query)? */
export function isSigned(request: SignedRequest): boolean {
  const headers = headerValues(request.rawHeaders);
  if (headers.has('authorization')) return true;
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  return new URLSearchParams(query).has('X-Amz-Algorithm');
}

/**
 * Verifies the request's signature. `credentials` are the accepted key pairs; `region` is the
 * stage's (a signature scoped to another region is refused, as API Gateway does).
 */
export function verifySigV4(
  request: SignedRequest,
  credentials: LocalCredentials[],
  region: string,
  now: number = Date.now(),
  /** the service the signature must be scoped to: `lambda` for a Function URL (apiType "url") */
  service: 'execute-api' | 'lambda' = 'execute-api',
): VerifyOutcome {
  const headers = headerValues(request.rawHeaders);
  const queryIndex = request.url.indexOf('?');
  const rawPath = queryIndex >= 0 ? request.url.slice(0, queryIndex) : request.url;
  const rawQuery = queryIndex >= 0 ? request.url.slice(queryIndex + 1) : '';
  const query = new URLSearchParams(rawQuery);

  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  let amzDate: string | undefined;
  let presigned = false;
  let expiresSeconds: number | null = null;

  const authorization = headers.get('authorization')?.[0];
  if (authorization !== undefined) {
    const fields = parseAuthorization(authorization);
    if (!fields) {
      return deny(403, `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`, 'IncompleteSignatureException');
    }
    const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((k) => !fields[k]);
    if (missing.length) {
      return deny(
        403,
        `${missing.map((k) => `Authorization header requires '${k}' parameter.`).join(' ')} Authorization=${authorization}`,
        'IncompleteSignatureException',
      );
    }
    credential = fields.Credential;
    signedHeaders = fields.SignedHeaders;
    signature = fields.Signature;
    amzDate = headers.get('x-amz-date')?.[0];
    if (!amzDate) {
      const date = headers.get('date')?.[0];
      if (date && !Number.isNaN(Date.parse(date))) amzDate = formatAmzDate(Date.parse(date));
    }
    if (!amzDate) {
      return deny(403, `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`, 'IncompleteSignatureException');
    }
  } else if (query.get('X-Amz-Algorithm') === ALGORITHM) {
    presigned = true;
    credential = query.get('X-Amz-Credential') ?? undefined;
    signedHeaders = query.get('X-Amz-SignedHeaders') ?? undefined;
    signature = query.get('X-Amz-Signature') ?? undefined;
    amzDate = query.get('X-Amz-Date') ?? undefined;
    if (!credential || !signedHeaders || !signature || !amzDate || !query.has('X-Amz-Expires')) {
      return deny(403, 'AWS query-string parameters must include X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-SignedHeaders, X-Amz-Date and X-Amz-Expires.', 'IncompleteSignatureException');
    }
    const repeated = PRESIGN_PARAMS.find((name) => query.getAll(name).length > 1);
    if (repeated) return deny(403, `${repeated} appears more than once in the query string.`, 'IncompleteSignatureException');
    expiresSeconds = parseExpires(query.get('X-Amz-Expires') as string);
    if (expiresSeconds === null) {
      return deny(403, `X-Amz-Expires must be an integer from 1 to ${MAX_PRESIGNED_SECONDS} (seconds).`, 'IncompleteSignatureException');
    }
  } else {
    return deny(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException');
  }

  const scopeParts = (credential as string).split('/');
  if (scopeParts.length !== 5 || scopeParts[4] !== 'aws4_request') {
    return deny(403, `Credential should be scoped to a valid region. `, 'IncompleteSignatureException');
  }
  const [accessKeyId, scopeDate, scopeRegion, scopeService] = scopeParts as [string, string, string, string, string];
  const found = credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!found) return deny(403, 'The security token included in the request is invalid.', 'UnrecognizedClientException');
  if (scopeService !== service) {
    return deny(403, `Credential should be scoped to correct service: '${service}'. `, 'InvalidSignatureException');
  }
  if (scopeRegion !== region) {
    return deny(403, `Credential should be scoped to a valid region. `, 'InvalidSignatureException');
  }
  const signedAt = parseAmzDate(amzDate as string);
  if (signedAt === null || !(amzDate as string).startsWith(scopeDate)) {
    return deny(403, `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${String(amzDate).slice(0, 8)}', from '${String(amzDate)}'.`, 'InvalidSignatureException');
  }
  if (presigned && expiresSeconds !== null) {
    if (now > signedAt + expiresSeconds * 1000) {
      return deny(403, `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - expiresSeconds * 1000)}`, 'InvalidSignatureException');
    }
    if (signedAt > now + MAX_PRESIGNED_AHEAD_MS) {
      return deny(
        403,
        `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + MAX_PRESIGNED_AHEAD_MS)} (${formatAmzDate(now)} + 15 min.)`,
        'InvalidSignatureException',
      );
    }
  } else if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    const message =
      signedAt < now
        ? `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - MAX_SKEW_MS)} (${formatAmzDate(now)} - 5 min.)`
        : `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + MAX_SKEW_MS)} (${formatAmzDate(now)} + 5 min.)`;
    return deny(403, message, 'InvalidSignatureException');
  }

  const names = (signedHeaders as string).split(';').map((n) => n.trim().toLowerCase());
  if (!names.includes('host')) {
    return deny(403, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", 'InvalidSignatureException');
  }
  const canonicalHeaders = names
    .map((name) => `${name}:${(headers.get(name) ?? []).map((v) => v.trim().replace(/\s+/g, ' ')).join(',')}\n`)
    .join('');
  // The canonical request ends with the hash of the body as received
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html,
  // HashedPayload), never with what a header claims; UNSIGNED-PAYLOAD is Amazon S3's alone
  // (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html).
  const bodyHash = sha256(request.body);
  const declaredHash = headers.get('x-amz-content-sha256')?.[0];
  if (declaredHash !== undefined && declaredHash !== bodyHash) {
    return deny(403, 'The x-amz-content-sha256 header does not match the SHA-256 hash of the request body.', 'InvalidSignatureException');
  }
  const scope = `${scopeDate}/${scopeRegion}/${scopeService}/aws4_request`;
  const key = signingKey(found.secretAccessKey, scopeDate, scopeRegion, scopeService);
  const query_ = canonicalQuery(rawQuery, presigned ? 'X-Amz-Signature' : undefined);
  const given = Buffer.from(String(signature), 'utf8');
  for (const uri of canonicalUris(rawPath)) {
    const canonicalRequest = [request.method.toUpperCase(), uri, query_, canonicalHeaders, names.join(';'), bodyHash].join('\n');
    const stringToSign = [ALGORITHM, amzDate, scope, sha256(canonicalRequest)].join('\n');
    const expected = Buffer.from(createHmac('sha256', key).update(stringToSign).digest('hex'), 'utf8');
    if (expected.length === given.length && timingSafeEqual(expected, given)) return { ok: true, credentials: found };
  }
  return deny(
    403,
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    'InvalidSignatureException',
  );
}
