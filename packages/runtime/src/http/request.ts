/**
 * The request, read out of any HTTP event into one shape both kinds of app consume: the Node
 * adapter builds an `IncomingMessage` from it, the fetch adapter a `Request`.
 */
import type { AlbEvent, HttpEventSource, HttpApiV2Event, RestApiEvent } from './events.js';
import { fromAlbEvent } from './request-alb.js';
import { fromRestEvent } from './request-v1.js';
import type { RequestParts } from './request-parts.js';
import { fromV2Event } from './request-v2.js';

export type { RequestParts } from './request-parts.js';

/** Reads the request out of `event`; `basePath` is the normalised `basePath` option. */
export function translateRequest(event: unknown, source: HttpEventSource, basePath: string): RequestParts {
  switch (source) {
    case 'http-api-v2':
    case 'function-url':
      return fromV2Event(event as HttpApiV2Event, basePath);
    case 'alb':
    case 'alb-multi':
      return fromAlbEvent(event as AlbEvent, basePath);
    case 'rest-v1':
      return fromRestEvent(event as RestApiEvent, basePath);
  }
}
