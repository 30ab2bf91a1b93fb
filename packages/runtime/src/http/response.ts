/**
 * The Lambda result for each integration, from the response head and the encoded body.
 * `transfer-encoding` never goes out: the body is whole.
 */
import type { HttpEventSource, HttpResult } from './events.js';
import { toAlbMultiResult, toAlbResult } from './response-alb.js';
import type { ResponseHead } from './response-head.js';
import { toMultiValueResult } from './response-v1.js';
import { toV2Result } from './response-v2.js';
import type { EncodedBody, ResultContext } from './response-parts.js';

export type { EncodedBody, ResultContext } from './response-parts.js';
export { EMPTY_BODY } from './response-parts.js';

export function formatResult(source: HttpEventSource, head: ResponseHead, body: EncodedBody, ctx: ResultContext): HttpResult {
  switch (source) {
    case 'rest-v1':
      return toMultiValueResult(head, body);
    case 'http-api-v2':
    case 'function-url':
      return toV2Result(head, body);
    case 'alb-multi':
      return toAlbMultiResult(head, body);
    case 'alb':
      return toAlbResult(head, body, ctx);
  }
}
