/**
 * ALB results carry `statusDescription` ("200 OK"). Multi-value mode lists every header value;
 * single-value mode can hold one `Set-Cookie` only: the first is kept and a warning names the
 * cookies dropped.
 */
import type { AlbResult, MultiValueResult } from './events.js';
import type { EncodedBody, ResultContext } from './response-parts.js';
import type { ResponseHead } from './response-head.js';
import { headerList, headerString } from './response-head.js';
import { multiValueHeaders } from './response-v1.js';

const description = (head: ResponseHead): string => `${head.statusCode} ${head.statusMessage}`.trimEnd();

export function toAlbMultiResult(head: ResponseHead, body: EncodedBody): MultiValueResult {
  return {
    statusCode: head.statusCode,
    statusDescription: description(head),
    multiValueHeaders: multiValueHeaders(head.headers),
    body: body.body,
    isBase64Encoded: body.isBase64Encoded,
  };
}

const cookieName = (cookie: string): string => {
  const eq = cookie.indexOf('=');
  return (eq === -1 ? cookie : cookie.slice(0, eq)).trim();
};

export function toAlbResult(head: ResponseHead, body: EncodedBody, ctx: ResultContext): AlbResult {
  const headers: Record<string, string> = {};
  const source = head.headers;
  for (const name in source) {
    const value = source[name];
    if (value === undefined || name === 'transfer-encoding') continue;
    if (name === 'set-cookie') {
      const cookies = headerList(value);
      if (cookies.length === 0) continue;
      headers[name] = cookies[0] as string;
      if (cookies.length > 1) {
        const dropped = cookies.slice(1).map(cookieName);
        ctx.logger.warn(
          `ALB single-value headers hold one Set-Cookie: kept "${cookieName(cookies[0] as string)}", dropped ${dropped
            .map((n) => `"${n}"`)
            .join(', ')}. Enable multi-value headers on the target group to send them all.`,
          { requestId: ctx.requestId, dropped },
        );
      }
    } else {
      headers[name] = headerString(value);
    }
  }
  return {
    statusCode: head.statusCode,
    statusDescription: description(head),
    headers,
    body: body.body,
    isBase64Encoded: body.isBase64Encoded,
  };
}
