// Fastify: await fastify.listen({ port }) at the top level (host "localhost": fastify also
// binds the other addresses "localhost" resolves to).
import process from 'node:process';
import Fastify from 'fastify';

const fastify = Fastify();
fastify.get('/quotes/today', async () => ({ from: 'fastify' }));
const address = await fastify.listen({ port: Number(process.env.TSAPPA_FIXTURE_PORT) });
globalThis.tsappaFixture = { listened: address };
