import { describe, expect, it } from 'vitest';
import { findFunction, normalizeRef, resolveFunction } from './refs.js';
import { matchEventSource, toBatchResponse } from './records.js';

describe('function references', () => {
  it('normalises ./ prefixes and a missing export', () => {
    expect(normalizeRef('./src/a.ts:run')).toBe('src/a.ts:run');
    expect(normalizeRef('src/a.ts')).toBe('src/a.ts:default');
    expect(normalizeRef('src/a.ts:')).toBe('src/a.ts:default');
    expect(normalizeRef('src\\a.ts:x')).toBe('src/a.ts:x');
  });

  it('finds only functions the modules hold', () => {
    const modules = { app: null, functions: { 'src/a.ts:run': () => 1, 'src/b.ts:default': () => 2, 'src/c.ts:value': 42 } };
    expect(findFunction(modules, './src/a.ts:run')).toBe(modules.functions['src/a.ts:run']);
    expect(findFunction(modules, 'src/b.ts')).toBe(modules.functions['src/b.ts:default']);
    expect(() => resolveFunction(modules, 'src/c.ts:value', 'schedule')).toThrow('schedule src/c.ts:value is not a function (it is number)');
    expect(() => resolveFunction(modules, 'fs:rmSync', 'schedule')).toThrow('schedule fs:rmSync is not in the package; known functions: src/a.ts:run, src/b.ts:default, src/c.ts:value');
  });
});

describe('event source matching and batch answers', () => {
  it('matches exact ARNs and streams of configured tables', () => {
    const sources = { 'arn:aws:dynamodb:us-east-1:1:table/quotes': 'a', 'arn:aws:sqs:us-east-1:1:q': 'b' };
    expect(matchEventSource(sources, 'arn:aws:sqs:us-east-1:1:q')).toBe('b');
    expect(matchEventSource(sources, 'arn:aws:dynamodb:us-east-1:1:table/quotes/stream/2026')).toBe('a');
    expect(matchEventSource(sources, 'arn:aws:sqs:us-east-1:1:other')).toBeUndefined();
  });

  it('normalises batch answers', () => {
    expect(toBatchResponse(undefined, 'sqs')).toEqual({ batchItemFailures: [] });
    expect(toBatchResponse({ other: 1 }, 'sqs')).toEqual({ batchItemFailures: [] });
    expect(toBatchResponse({ batchItemFailures: [{ itemIdentifier: 'a', extra: 1 }] }, 'kinesis')).toEqual({ batchItemFailures: [{ itemIdentifier: 'a' }] });
    expect(() => toBatchResponse({ batchItemFailures: 'a' }, 'sqs')).toThrow('invalid batchItemFailures');
    expect(() => toBatchResponse({ batchItemFailures: [{ itemIdentifier: '' }] }, 'sqs')).toThrow('invalid batchItemFailures');
  });
});
