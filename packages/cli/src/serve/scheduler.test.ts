import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InvokeOutcome } from './function-host.js';
import { KEEP_WARM_INPUT, Scheduler, scheduleRules } from './scheduler.js';
import { fakeSettings } from '../../test/fixtures/serve-handler/support.js';
import { failureHandlingDefaults } from '@tsappa/templates';

describe('scheduleRules', () => {
  it('has keep-warm and the enabled schedule events, with their rule inputs', () => {
    const settings = fakeSettings({
      keepWarm: true,
      events: [
        { kind: 'schedule', function: 'src/a.ts:daily', expression: 'cron(0 12 * * ? *)', name: 'daily', enabled: true },
        { kind: 'schedule', function: 'src/a.ts:off', expression: 'rate(1 day)', name: 'off', enabled: false },
        {
          kind: 'source',
          function: 'src/a.ts:onQueue',
          service: 'sqs',
          eventSource: { arn: 'arn:aws:sqs:eu-west-1:1:q', events: [], batchSize: null, startingPosition: null, filterPatterns: [], ...failureHandlingDefaults('sqs') },
        },
      ],
    });
    expect(scheduleRules(settings, { daily: 'rate(5 seconds)' })).toEqual([
      { name: 'keep-warm', expression: 'rate(4 minutes)', input: { 'tsappa:keepWarm': true } },
      { name: 'daily', expression: 'rate(5 seconds)', input: { 'tsappa:schedule': 'src/a.ts:daily' } },
    ]);
    expect(scheduleRules(fakeSettings({ keepWarm: false }))).toEqual([]);
  });
});

describe('Scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(rules: Array<{ name: string; expression: string; input: unknown }>) {
    const events: Array<{ at: string; event: unknown }> = [];
    const lines: string[] = [];
    const invoke = async (event: unknown): Promise<InvokeOutcome> => {
      events.push({ at: new Date().toISOString(), event });
      return event === 'fail'
        ? { ok: false, requestId: 'r', error: { errorType: 'Error', errorMessage: 'nope' }, timedOut: false, durationMs: 3 }
        : { ok: true, requestId: 'r', value: null, durationMs: 3 };
    };
    const scheduler = new Scheduler({ rules, invoke, log: (line) => lines.push(line) });
    return { scheduler, events, lines };
  }

  it('fires a cron rule at its minute, once, in UTC', async () => {
    vi.setSystemTime(new Date('2025-01-01T11:58:30Z'));
    const { scheduler, events, lines } = setup([{ name: 'noon', expression: 'cron(0 12 * * ? *)', input: { 'tsappa:schedule': 'm:f' } }]);
    scheduler.start();
    expect(scheduler.nextFirings().noon?.toISOString()).toBe('2025-01-01T12:00:00.000Z');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(31_000);
    expect(events).toEqual([{ at: '2025-01-01T12:00:00.000Z', event: { 'tsappa:schedule': 'm:f' } }]);
    expect(lines[0]).toMatch(/^12:00:00\.\d{3} schedule noon cron\(0 12 \* \* \? \*\) ok \d+ms$/);
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(events.map((e) => e.at)).toEqual(['2025-01-01T12:00:00.000Z', '2025-01-02T12:00:00.000Z']);
    await scheduler.stop();
  });

  it('fires rate rules every period from start, and stops', async () => {
    vi.setSystemTime(new Date('2025-01-01T00:00:10Z'));
    const { scheduler, events } = setup([{ name: 'keep-warm', expression: 'rate(4 minutes)', input: KEEP_WARM_INPUT }]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(12 * 60_000);
    expect(events.map((e) => e.at)).toEqual(['2025-01-01T00:04:10.000Z', '2025-01-01T00:08:10.000Z', '2025-01-01T00:12:10.000Z']);
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(12 * 60_000);
    expect(events).toHaveLength(3);
  });

  it('handles waits longer than setTimeout allows', async () => {
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    const { scheduler, events } = setup([{ name: 'yearly', expression: 'cron(0 0 1 1 ? *)', input: {} }]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(365 * 24 * 3600_000);
    expect(events.map((e) => e.at)).toEqual(['2026-01-01T00:00:00.000Z']);
    await scheduler.stop();
  });

  it('logs failed firings', async () => {
    const { scheduler, lines } = setup([{ name: 'bad', expression: 'rate(1 minute)', input: 'fail' }]);
    await scheduler.fire('bad');
    expect(lines[0]).toMatch(/schedule bad rate\(1 minute\) error \d+ms \(Error: nope\)/);
  });

  it('refuses bad expressions up front', () => {
    expect(() => setup([{ name: 'x', expression: 'rate(1 minutes)', input: {} }])).toThrow(/schedule x: .*singular/);
  });
});
