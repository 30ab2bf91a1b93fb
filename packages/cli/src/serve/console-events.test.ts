import { describe, expect, it } from 'vitest';
import { ConsoleBus, describeInvocation, type ConsoleUpdate } from './console-events.js';
import type { InvokeOutcome } from './function-host.js';

const ok = (requestId: string, value: unknown = null): InvokeOutcome => ({ ok: true, requestId, value, durationMs: 3 });
const failed = (requestId: string): InvokeOutcome => ({ ok: false, requestId, error: { errorType: 'Error', errorMessage: 'boom' }, timedOut: false, durationMs: 4 });
const bus = (limits = {}) => new ConsoleBus({ stage: 'dev', functionName: 'app-dev', url: 'http://127.0.0.1:1/dev' }, limits);

describe('ConsoleBus', () => {
  it('keeps only the newest requests, and the output of each with it (also output that arrives after the answer)', () => {
    const b = bus({ requests: 2 });
    const updates: ConsoleUpdate[] = [];
    b.subscribe((u) => updates.push(u));
    b.functionOutput('r1', 'before\n');
    for (const id of ['r1', 'r2', 'r3']) b.request({ id, method: 'GET', path: `/dev/${id}`, status: 200, durationMs: 1, note: null });
    b.functionOutput('r3', 'late\n');
    expect(b.snapshot().requests.map((r) => r.id)).toEqual(['r2', 'r3']);
    expect(b.snapshot().requests[1]?.logs).toBe('late\n');
    expect(updates.at(-1)).toMatchObject({ type: 'request', entry: { id: 'r3', logs: 'late\n' } });
  });

  it('cuts an invocation\'s output at logBytes, saying so', () => {
    const b = bus({ logBytes: 10 });
    b.functionOutput('r1', 'x'.repeat(25));
    b.functionOutput('r1', 'more');
    b.request({ id: 'r1', method: 'GET', path: '/', status: 200, durationMs: 1, note: null });
    expect(b.snapshot().requests[0]?.logs).toBe(`${'x'.repeat(10)}\n[… output cut at 10 bytes]\n`);
  });

  it('follows a task across its attempts to its result, or to the dead letters', () => {
    const b = bus();
    b.taskAttempt({ dispatch: 'd1', name: 'send', id: 't1', attempt: 1, attempts: 3, outcome: failed('a1') });
    expect(b.snapshot().tasks[0]).toMatchObject({ id: 't1', status: 'retrying' });
    b.taskAttempt({ dispatch: 'd1', name: 'send', id: 't1', attempt: 2, attempts: 3, outcome: ok('a2', { tasks: [] }), captured: { id: 't1', name: 'send', status: 'complete', value: '{"sent":1}', updatedAt: 0, ttl: 0 } });
    expect(b.snapshot().tasks[0]).toMatchObject({ status: 'complete', result: { sent: 1 }, attempts: [{ attempt: 1, status: 'error' }, { attempt: 2, status: 'ok' }] });
    // an event that is no task is followed by its dispatch
    b.taskAttempt({ dispatch: 'd2', name: 'event', id: null, attempt: 3, attempts: 3, outcome: failed('a3') });
    expect(b.snapshot().tasks[1]).toMatchObject({ id: 'd2', status: 'dead-lettered' });
  });

  it('holds dead letters by an id of its own, and counts their resends', () => {
    const b = bus();
    const entry = b.deadLettered({ failedAt: '', requestId: 'a3', name: 'send', id: 't1', attempts: 3, error: { errorType: 'Error', errorMessage: 'boom' }, event: { x: 1 } });
    expect(b.deadLetter(entry.id)?.letter.event).toEqual({ x: 1 });
    expect(b.deadLetter('t1')).toBeNull();
    b.resent(entry.id);
    expect(b.deadLetter(entry.id)?.resent).toBe(1);
  });

  it('shows each schedule with its next firing, and its last firing with its logs', () => {
    const b = bus();
    b.scheduleState([{ name: 'tick', expression: 'rate(1 minute)', next: new Date('2030-01-01T00:01:00Z') }]);
    b.scheduleFired('tick', ok('s1'), new Date('2030-01-01T00:02:00Z'));
    b.functionOutput('s1', 'ticked\n');
    expect(b.snapshot().schedules).toEqual([
      { name: 'tick', expression: 'rate(1 minute)', next: '2030-01-01T00:02:00.000Z', last: expect.objectContaining({ status: 'ok', requestId: 's1', logs: 'ticked\n' }) },
    ]);
  });
});

describe('describeInvocation', () => {
  it('names the records and their source, or the event\'s first keys', () => {
    expect(describeInvocation({ Records: [{ eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:1:q' }, {}] })).toBe('2 aws:sqs records from arn:aws:sqs:us-east-1:1:q');
    expect(describeInvocation({ 'tsappa:schedule': 'a.ts:f' })).toBe('event { tsappa:schedule }');
    expect(describeInvocation(42)).toBe('event');
  });
});
