/**
 * The same small app written for each framework the adapter must serve: Express 4, Express 5,
 * Koa, Fastify and Hono. Routes:
 *   GET  /hello/:name?greeting=…  JSON: name, greeting, client ip, Lambda request id (via
 *                                 getInvocation() and via the request object)
 *   POST /echo                    JSON body parsed by the framework and sent back
 *   GET  /cookies                 two Set-Cookie headers, one with an Expires date
 *   GET  /bin                     256 bytes of image/png
 *   GET  /stream                  text streamed in three chunks
 *   GET  /boom                    throws (the framework answers 500)
 *   anything else                 the framework's 404
 */
import { Readable } from 'node:stream';
import express5 from 'express';
import express4 from 'express4';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { getInvocation } from '../../src/http/invocation.js';

export const BIN = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
export const EXPIRES = new Date(Date.UTC(2030, 0, 15, 8, 30, 0));

const ids = (req: object) => ({
  id: getInvocation()?.context.awsRequestId,
  idFromReq: getInvocation(req)?.context.awsRequestId,
});

function expressApp(express: typeof express5) {
  const app = express();
  app.set('env', 'test'); // no error stacks on stderr
  app.use(express.json());
  app.get('/hello/:name', (req, res) => {
    res.json({ hello: req.params.name, greeting: req.query.greeting ?? null, ip: req.ip, protocol: req.protocol, ...ids(req) });
  });
  app.post('/echo', (req, res) => {
    res.json(req.body);
  });
  app.get('/cookies', (req, res) => {
    res.cookie('a', '1', { expires: EXPIRES, path: '/' });
    res.cookie('b', '2');
    res.send('cookies');
  });
  app.get('/bin', (req, res) => {
    res.type('png').send(BIN);
  });
  app.get('/stream', (req, res) => {
    res.type('text/plain');
    Readable.from(['one,', 'two,', 'three']).pipe(res);
  });
  app.get('/boom', () => {
    throw new Error('boom');
  });
  return app;
}

export const makeExpress4 = () => expressApp(express4 as unknown as typeof express5);
export const makeExpress5 = () => expressApp(express5);

export function makeKoa() {
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx) => {
    const hello = /^\/hello\/([^/]+)$/.exec(ctx.path);
    if ((ctx.method === 'GET' || ctx.method === 'HEAD') && hello) {
      ctx.body = { hello: decodeURIComponent(hello[1]!), greeting: ctx.query.greeting ?? null, ip: ctx.ip, protocol: ctx.protocol, ...ids(ctx.req) };
      // and through the Koa context
      if (getInvocation(ctx)?.context.awsRequestId !== ctx.body.id) ctx.throw(500, 'ctx lookup failed');
    } else if (ctx.method === 'POST' && ctx.path === '/echo') {
      const chunks: Buffer[] = [];
      for await (const c of ctx.req) chunks.push(c as Buffer);
      ctx.body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    } else if (ctx.path === '/cookies') {
      ctx.cookies.set('a', '1', { expires: EXPIRES, path: '/', httpOnly: false });
      ctx.cookies.set('b', '2', { httpOnly: false });
      ctx.body = 'cookies';
    } else if (ctx.path === '/bin') {
      ctx.type = 'image/png';
      ctx.body = BIN;
    } else if (ctx.path === '/stream') {
      ctx.type = 'text/plain';
      ctx.body = Readable.from(['one,', 'two,', 'three']);
    } else if (ctx.path === '/boom') {
      throw new Error('boom');
    }
  });
  return app;
}

export function makeFastify() {
  const app = Fastify({ logger: false });
  app.get<{ Params: { name: string }; Querystring: { greeting?: string } }>('/hello/:name', async (req) => ({
    hello: req.params.name,
    greeting: req.query.greeting ?? null,
    ip: req.ip,
    protocol: req.protocol,
    ...ids(req),
  }));
  app.post('/echo', async (req) => req.body);
  app.get('/cookies', async (req, reply) => {
    reply.header('set-cookie', [`a=1; Path=/; Expires=${EXPIRES.toUTCString()}`, 'b=2; Path=/']);
    return 'cookies';
  });
  app.get('/bin', async (req, reply) => reply.type('image/png').send(BIN));
  app.get('/stream', async (req, reply) => reply.type('text/plain').send(Readable.from(['one,', 'two,', 'three'])));
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  return app;
}

export function makeHono() {
  const app = new Hono<{ Bindings: { lambdaContext: { awsRequestId: string } } }>();
  app.get('/hello/:name', (c) =>
    c.json({
      hello: c.req.param('name'),
      greeting: c.req.query('greeting') ?? null,
      ip: null,
      protocol: new URL(c.req.url).protocol.replace(':', ''),
      ...ids(c.req.raw),
      idFromEnv: c.env.lambdaContext.awsRequestId,
    }),
  );
  app.post('/echo', async (c) => c.json(await c.req.json()));
  app.get('/cookies', (c) => {
    c.header('set-cookie', `a=1; Path=/; Expires=${EXPIRES.toUTCString()}`, { append: true });
    c.header('set-cookie', 'b=2; Path=/', { append: true });
    return c.text('cookies');
  });
  app.get('/bin', (c) => c.body(BIN, 200, { 'content-type': 'image/png' }));
  app.get('/stream', (c) => {
    const parts = ['one,', 'two,', 'three'];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    return c.body(stream, 200, { 'content-type': 'text/plain' });
  });
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.onError((err, c) => c.text('Internal Server Error', 500));
  return app;
}
