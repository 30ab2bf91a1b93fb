/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS app module, as generators write them */
/* global require, process */
// Express's usual ending: app.listen(port, callback).
const express = require('express');

const app = express();
app.get('/quotes/today', (_req, res) => res.json({ from: 'express' }));
const server = app.listen(Number(process.env.TSAPPA_FIXTURE_PORT), () => {
  globalThis.tsappaFixture = { listened: server.address() };
});
