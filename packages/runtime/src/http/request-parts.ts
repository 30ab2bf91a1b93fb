/**
 * The shape every request converter (request-v1, request-v2, request-alb) produces, in a file of
 * its own so that the converters depend on this type alone, not on the dispatcher in request.ts.
 */
import type { RequestHeaders } from './request-headers.js';

export interface RequestParts {
  method: string;
  /** path (base paths removed) and query, as the client sent them */
  url: string;
  headers: RequestHeaders;
  /** decoded body; `undefined` when empty */
  body: Buffer | undefined;
  /** the client's address, for `req.socket.remoteAddress` */
  remoteAddress: string | undefined;
}
