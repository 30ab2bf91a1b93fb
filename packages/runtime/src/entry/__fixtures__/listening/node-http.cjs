/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS app module, as generators write them */
/* global require, process */
// Plain node:http: server.listen(port, host, callback).
const http = require('node:http');

const server = http.createServer((req, res) => {
  res.writeHead(req.url === '/quotes/today' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ from: 'http' }));
});
server.listen(process.env.TSAPPA_FIXTURE_PORT, '0.0.0.0', () => {
  globalThis.tsappaFixture = { listened: server.address(), listening: server.listening };
});
