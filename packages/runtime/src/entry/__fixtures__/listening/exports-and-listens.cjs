/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS app module, as generators write them */
/* global require, module, process */
// Exports the app and also listens: the export is served, the port is never opened.
const express = require('express');

const app = express();
app.get('/quotes/today', (_req, res) => res.json({ from: 'export' }));
module.exports = app;
app.listen(Number(process.env.TSAPPA_FIXTURE_PORT));
