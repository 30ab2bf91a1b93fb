/**
 * What every result builder (response-v1, response-v2, response-alb) takes besides the head, in
 * a file of its own so that the builders depend on these types alone, not on formatResult.
 */
import type { Logger } from './log.js';

export interface EncodedBody {
  body: string;
  isBase64Encoded: boolean;
}

export const EMPTY_BODY: EncodedBody = { body: '', isBase64Encoded: false };

/** What a result needs besides head and body: who to warn, and about which request. */
export interface ResultContext {
  logger: Logger;
  requestId: string | undefined;
}
