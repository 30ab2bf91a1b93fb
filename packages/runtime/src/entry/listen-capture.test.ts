/** listen() intercepted: servers look like they listen, and no port is ever opened. */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttp2Server } from 'node:http2';
import type { AddressInfo, Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, portIsFree } from './__fixtures__/ports.js';
import { captureListen, fakeAddress, readListenArgs, releaseListen } from './listen-capture.js';

afterEach(() => releaseListen());

const listened = (server: Server) => new Promise<void>((resolve) => server.once('listening', () => resolve()));

describe('readListenArgs', () => {
  const cb = () => {};
  it.each([
    [[3000], { port: 3000, host: null, path: null, callback: null }],
    [['8080', cb], { port: 8080, host: null, path: null, callback: cb }],
    [[3000, '0.0.0.0', 511, cb], { port: 3000, host: '0.0.0.0', path: null, callback: cb }],
    [[{ port: 4000, host: '::1' }, cb], { port: 4000, host: '::1', path: null, callback: cb }],
    [[{ path: '/tmp/app.sock' }], { port: 0, host: null, path: '/tmp/app.sock', callback: null }],
    [['/tmp/app.sock', cb], { port: 0, host: null, path: '/tmp/app.sock', callback: cb }],
    [[cb], { port: 0, host: null, path: null, callback: cb }],
    [[3000, null, cb], { port: 3000, host: null, path: null, callback: cb }],
  ])('%j', (args, expected) => {
    expect(readListenArgs(args)).toEqual(expected);
  });
});

describe('fakeAddress', () => {
  it('answers the port asked for, with the host given or "::"', () => {
    expect(fakeAddress({ port: 3000, host: null, path: null, callback: null })).toEqual({ address: '::', family: 'IPv6', port: 3000 });
    expect(fakeAddress({ port: 80, host: '0.0.0.0', path: null, callback: null })).toEqual({ address: '0.0.0.0', family: 'IPv4', port: 80 });
    expect(fakeAddress({ port: 80, host: 'localhost', path: null, callback: null })).toEqual({ address: '127.0.0.1', family: 'IPv4', port: 80 });
    expect(fakeAddress({ port: 0, host: null, path: '/tmp/s.sock', callback: null })).toBe('/tmp/s.sock');
  });
});

describe('captureListen', () => {
  it('an http server "listens" without opening its port: listening, address(), the callback, then close()', async () => {
    const port = await freePort();
    const capture = captureListen();
    const server = createHttpServer((_req, res) => res.end('hi'));
    let callbackSaw: unknown;
    const returned = server.listen(port, '127.0.0.1', () => {
      callbackSaw = { listening: server.listening, address: server.address() };
    });
    expect(returned).toBe(server);
    expect(callbackSaw).toBeUndefined(); // 'listening' comes on a later tick, as with a real bind
    await listened(server);
    expect(callbackSaw).toEqual({ listening: true, address: { address: '127.0.0.1', family: 'IPv4', port } });
    expect(capture.servers()).toEqual([server]);

    releaseListen();
    expect(await portIsFree(port)).toBe(true);

    const closed = await new Promise<unknown[]>((resolve) => server.close((...args: unknown[]) => resolve(args)));
    expect(closed).toEqual([]);
    expect(server.listening).toBe(false);
  });

  it('covers http2 servers and plain net servers too', async () => {
    const capture = captureListen();
    const h2 = createHttp2Server();
    h2.listen(0);
    await listened(h2);
    expect((h2.address() as AddressInfo).port).toBe(0);
    expect(capture.servers()).toEqual([h2]);
  });

  it('httpServer() waits for the first server with a request listener, even one added after listen()', async () => {
    const capture = captureListen();
    const tcpOnly = createHttpServer();
    tcpOnly.listen(0);
    const waiting = capture.httpServer(2000);
    const late = createHttpServer();
    setTimeout(() => {
      late.listen(3000);
      setTimeout(() => late.on('request', () => {}), 10);
    }, 10);
    expect(await waiting).toBe(late);
  });

  it('httpServer() gives up after the deadline', async () => {
    const capture = captureListen();
    const started = Date.now();
    expect(await capture.httpServer(50)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('is installed once; releaseListen() restores the real listen()', async () => {
    const first = captureListen();
    const second = captureListen();
    const server: HttpServer = createHttpServer(() => {});
    server.listen(0);
    expect(second.servers()).toEqual(first.servers());
    releaseListen();
    const real = createHttpServer();
    await new Promise<void>((resolve) => real.listen(0, '127.0.0.1', resolve));
    const port = (real.address() as AddressInfo).port;
    expect(port).toBeGreaterThan(0);
    expect(await portIsFree(port)).toBe(false);
    await new Promise((resolve) => real.close(resolve));
  });
});
