// Koa: app.listen(port).
import process from 'node:process';
import Koa from 'koa';

const app = new Koa();
app.use((ctx) => {
  if (ctx.path === '/quotes/today') ctx.body = { from: 'koa' };
});
app.listen(Number(process.env.TSAPPA_FIXTURE_PORT));
