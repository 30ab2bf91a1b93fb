/**
 * The quote API (the Zappa book's example, in TypeScript): an ordinary Express app. tsappa runs
 * it in Lambda behind API Gateway; `tsappa serve` runs it locally the same way.
 *
 *   GET /quote?type=daily|random    a quote (daily by default)
 *   GET /daily                      the quote of the day
 *   GET /subscribe?mobile=+1555…    texts a one-time password (an SNS task)
 *   GET /subscribe?mobile=…&otp=…   confirms it: subscribed to the daily quote
 *   GET /unsubscribe?mobile=…       stops it
 *   GET /quotes[?pause=ms]          every quote, one JSON line each (streamed on dev_stream)
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { getInvocation } from '@tsappa/runtime';
import { dailyQuoteOrFallback } from './daily.js';
import { notifyError } from './errors.js';
import { QUOTES, randomQuote } from './quotes.js';
import { isMobile, sendSms } from './sms.js';
import { addSubscriber, checkOtp, isSubscriber, removeSubscriber, saveOtp } from './store.js';

export const app = express();

/** Who called, as API Gateway tells it: the authorizer's principal or the IAM caller. */
function caller(req: Request): string | null {
  const event = getInvocation<{ requestContext?: { authorizer?: { principalId?: string }; identity?: { userArn?: string | null; accessKey?: string | null } } }>(req)?.event;
  const ctx = event?.requestContext;
  return ctx?.authorizer?.principalId ?? ctx?.identity?.userArn ?? ctx?.identity?.accessKey ?? null;
}

app.get('/', (req, res) => {
  res.json({
    name: 'quote-api',
    stage: process.env.TSAPPA_STAGE ?? null,
    caller: caller(req),
    endpoints: ['GET /quote?type=daily|random', 'GET /daily', 'GET /subscribe?mobile=+15551234567[&otp=123456]', 'GET /unsubscribe?mobile=+15551234567', 'GET /quotes[?pause=ms]'],
  });
});

app.get('/quote', async (req, res) => {
  const type = req.query.type ?? 'daily';
  if (type === 'random') return void res.json({ type, ...randomQuote() });
  if (type !== 'daily') return void res.status(400).json({ error: 'type must be "daily" or "random"' });
  res.json({ type, ...(await dailyQuoteOrFallback()) });
});

app.get('/daily', async (_req, res) => {
  res.json(await dailyQuoteOrFallback());
});

/**
 * Every quote as a JSON line, each written when it is ready, `pause` ms apart (at most 1000):
 * on a stage with responseStreaming (dev_stream) the client reads each line as it is written;
 * elsewhere API Gateway sends the whole body at the end. Each line says when it was written.
 */
app.get('/quotes', async (req, res) => {
  const pause = Math.min(Math.max(Number(req.query.pause) || 0, 0), 1000);
  res.setHeader('content-type', 'application/x-ndjson; charset=utf-8');
  for (const [index, quote] of QUOTES.entries()) {
    if (index > 0 && pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    res.write(`${JSON.stringify({ ...quote, writtenAt: Date.now() })}\n`);
  }
  res.end();
});

/** Six digits, never starting with 0 so they read well in an SMS. */
export function newOtp(random: () => number = Math.random): string {
  return String(100000 + Math.floor(random() * 900000));
}

app.get('/subscribe', async (req, res) => {
  const { mobile, otp } = req.query;
  if (!isMobile(mobile)) return void res.status(400).json({ error: 'mobile must be an E.164 number such as +15551234567' });
  if (typeof otp === 'string') {
    if (!(await checkOtp(mobile, otp))) return void res.status(403).json({ error: 'wrong or expired one-time password' });
    await addSubscriber(mobile);
    return void res.json({ subscribed: true, mobile });
  }
  if (await isSubscriber(mobile)) return void res.json({ subscribed: true, mobile, note: 'already subscribed' });
  const code = newOtp();
  await saveOtp(mobile, code);
  const receipt = await sendSms(mobile, `Your quote-api code is ${code}. It expires in 5 minutes.`);
  res.status(202).json({ sent: true, mobile, task: receipt.id, next: `GET /subscribe?mobile=${mobile}&otp=<the code>` });
});

app.get('/unsubscribe', async (req, res) => {
  const { mobile } = req.query;
  if (!isMobile(mobile)) return void res.status(400).json({ error: 'mobile must be an E.164 number such as +15551234567' });
  const removed = await removeSubscriber(mobile);
  res.status(removed ? 200 : 404).json({ unsubscribed: removed, mobile });
});

app.use((_req, res) => {
  res.status(404).json({ error: 'not found' });
});

// Express catches the routes' errors, so they never reach the exceptionHandler: report them here
app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
  void notifyError(error, `${req.method} ${req.path}`).finally(() => {
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
  });
});
