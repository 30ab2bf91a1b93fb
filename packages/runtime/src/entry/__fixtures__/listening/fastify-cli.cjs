/* global module */
// What `fastify-cli generate` writes in app.js (without @fastify/autoload): a plugin and its options.
const options = { ignoreTrailingSlash: true };

module.exports = async function (fastify, opts) {
  fastify.get('/quotes/today', async () => ({ from: 'fastify-cli', ignoreTrailingSlash: opts.ignoreTrailingSlash }));
};
module.exports.options = options;
