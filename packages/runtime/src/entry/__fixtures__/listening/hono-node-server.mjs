// Hono on @hono/node-server: serve() creates and starts the server; nothing is exported.
import process from 'node:process';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/quotes/today', (c) => c.json({ from: 'hono' }));
serve({ fetch: app.fetch, port: Number(process.env.TSAPPA_FIXTURE_PORT) }, (info) => {
  globalThis.tsappaFixture = { listened: info };
});
