// hapi: server.start() inside an async init, as hapi's getting-started guide writes it.
import process from 'node:process';
import Hapi from '@hapi/hapi';

const init = async () => {
  const server = Hapi.server({ port: Number(process.env.TSAPPA_FIXTURE_PORT), host: 'localhost' });
  server.route({ method: 'GET', path: '/quotes/today', handler: () => ({ from: 'hapi' }) });
  await server.start();
  globalThis.tsappaFixture = { listened: server.info.uri };
};
init();
