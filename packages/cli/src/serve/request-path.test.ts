import { describe, expect, it } from 'vitest';
import { checkRequestPath } from './request-path.js';

const refused = (path: string) => !checkRequestPath(path).ok;

describe('checkRequestPath', () => {
  it('gives an ordinary path its one decoded reading, trailing slash kept', () => {
    expect(checkRequestPath('/dev/quote')).toEqual({ ok: true, decoded: '/dev/quote' });
    expect(checkRequestPath('/dev/quote/')).toEqual({ ok: true, decoded: '/dev/quote/' });
    expect(checkRequestPath('/dev/a%20b/caf%C3%A9')).toEqual({ ok: true, decoded: '/dev/a b/café' });
    expect(checkRequestPath('/dev/files/a%2Fb')).toEqual({ ok: true, decoded: '/dev/files/a/b' });
    expect(checkRequestPath('/dev/v1.2/..x/.hidden/...')).toMatchObject({ ok: true });
    expect(checkRequestPath('/')).toEqual({ ok: true, decoded: '/' });
  });

  it('refuses dot segments in every spelling', () => {
    for (const path of ['/dev/public/../secret', '/dev/./quote', '/dev/quote/.', '/dev/quote/..', '/dev/%2e%2e/x', '/dev/%2E/x', '/dev/.%2e/x', '/dev/%2e./x']) {
      expect({ path, refused: refused(path) }).toEqual({ path, refused: true });
    }
  });

  it('refuses encoded slashes that make a dot segment, and double-encoded dots', () => {
    expect(refused('/dev/public/..%2fsecret')).toBe(true);
    expect(refused('/dev/public/%2e%2e%2Fsecret')).toBe(true);
    expect(refused('/dev/public/%252e%252e/secret')).toBe(true);
  });

  it('refuses backslashes (a URL parser reads them as slashes) and empty segments', () => {
    expect(refused('/dev/public/..\\secret')).toBe(true);
    expect(refused('/dev/public/..%5Csecret')).toBe(true);
    expect(refused('/dev//quote')).toBe(true);
    expect(refused('/dev/a%2F%2Fb')).toBe(true);
  });

  it('refuses malformed percent-encoding', () => {
    expect(checkRequestPath('/dev/%E0%A4%A')).toEqual({ ok: false, reason: 'malformed percent-encoding in the path' });
  });
});
