import express from 'express';
import { quoteOfTheDay, randomQuote } from './quotes.js';

export const app = express();

app.get('/quote', (req, res) => {
  const type = req.query.type === 'random' ? 'random' : 'daily';
  res.json(type === 'random' ? randomQuote() : quoteOfTheDay());
});

app.get('/daily', (_req, res) => {
  res.json(quoteOfTheDay());
});
