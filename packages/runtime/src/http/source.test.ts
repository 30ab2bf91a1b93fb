import { describe, expect, it } from 'vitest';
import { NOT_HTTP_EVENTS, SOURCES, restEvent } from '../../test/http/events.js';
import { detectSource, isHttpEvent } from './source.js';

describe('event source detection', () => {
  for (const { name, make } of SOURCES) {
    it(`recognises ${name}`, () => {
      const event = make();
      expect(detectSource(event)).toBe(name);
      expect(isHttpEvent(event)).toBe(true);
    });
  }

  it('treats HTTP API payload 1.0 like REST v1', () => {
    expect(detectSource({ ...restEvent(), version: '1.0' })).toBe('rest-v1');
  });

  it('takes a hand-written REST event without requestContext', () => {
    expect(detectSource({ httpMethod: 'GET', path: '/' })).toBe('rest-v1');
  });

  it('tells Function URLs from HTTP APIs by their lambda-url domain', () => {
    const [, v2, furl] = SOURCES;
    expect(detectSource(v2!.make())).toBe('http-api-v2');
    expect(detectSource(furl!.make())).toBe('function-url');
  });

  for (const [name, event] of Object.entries(NOT_HTTP_EVENTS)) {
    it(`does not take a ${name} event for an HTTP request`, () => {
      expect(isHttpEvent(event)).toBe(false);
      expect(detectSource(event)).toBeUndefined();
    });
  }
});
