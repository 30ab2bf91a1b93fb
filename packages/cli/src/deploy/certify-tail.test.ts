import { getEventListeners } from 'node:events';
import { ACMClient, type CertificateSummary, type ListCertificatesCommand } from '@aws-sdk/client-acm';
import { CloudWatchLogsClient, type FilteredLogEvent, type FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { sdkFake } from '../../test/sdk-fake.js';
import type { AwsClients } from '../aws/clients.js';
import { certificatePollMs, certificateWaitMs, existingCertificate } from './certify.js';
import { followLogs, LATE_EVENT_WINDOW_MS, logPollMs, type LogGroupMissing } from './logs.js';
import { stackDeadlineMs, stackPollMs } from './run.js';

// The environment variables the README documents under "Environment variables": a positive
// number is taken, anything else falls back to the default.
describe.each([
  { name: 'TSAPPA_CERTIFICATE_WAIT_SECONDS', read: certificateWaitMs, fallback: 600_000, value: '30', expected: 30_000 },
  { name: 'TSAPPA_CERTIFICATE_POLL_MS', read: certificatePollMs, fallback: 10_000, value: '250', expected: 250 },
  { name: 'TSAPPA_LOG_POLL_MS', read: logPollMs, fallback: 2000, value: '200', expected: 200 },
  { name: 'TSAPPA_STACK_POLL_MS', read: stackPollMs, fallback: 3000, value: '200', expected: 200 },
  { name: 'TSAPPA_STACK_DEADLINE_SECONDS', read: stackDeadlineMs, fallback: 30 * 60_000, value: '60', expected: 60_000 },
])('$name', ({ name, read, fallback, value, expected }) => {
  it('is read from the environment', () => {
    expect(read({ [name]: value })).toBe(expected);
  });

  it.each([undefined, '', '0', '-5', 'fast'])('falls back to the default for %j', (raw) => {
    expect(read(raw === undefined ? {} : { [name]: raw })).toBe(fallback);
  });
});

describe('certificate: "auto" finds the certificate already requested', () => {
  /** ListCertificates answered page by page */
  const acm = (pages: CertificateSummary[][]) => {
    const tokens: (string | undefined)[] = [];
    const client = sdkFake(ACMClient, {
      send: async (command: ListCertificatesCommand) => {
        const token = command.input.NextToken;
        tokens.push(token);
        const index = token ? Number(token) : 0;
        return { CertificateSummaryList: pages[index], ...(index + 1 < pages.length ? { NextToken: String(index + 1) } : {}) };
      },
    });
    return { client, tokens };
  };
  const cert = (arn: string, DomainName: string, Status: CertificateSummary['Status'] = 'ISSUED'): CertificateSummary => ({ CertificateArn: arn, DomainName, Status });

  it('reads every page', async () => {
    const { client, tokens } = acm([[cert('a', 'other.example.com')], [cert('b', 'api.example.com')]]);
    expect(await existingCertificate(client, 'api.example.com')).toBe('b');
    expect(tokens).toEqual([undefined, '1']);
  });

  it('takes an issued certificate over one still pending, whatever the order', async () => {
    const { client } = acm([[cert('pending', 'api.example.com', 'PENDING_VALIDATION')], [cert('issued', 'API.example.com')]]);
    expect(await existingCertificate(client, 'api.example.com')).toBe('issued');
  });

  it('takes a pending one when nothing is issued, and none for another domain', async () => {
    expect(await existingCertificate(acm([[cert('pending', 'api.example.com', 'PENDING_VALIDATION')]]).client, 'api.example.com')).toBe('pending');
    expect(await existingCertificate(acm([[cert('a', 'www.example.com')]]).client, 'api.example.com')).toBeUndefined();
  });
});

describe('followLogs', () => {
  it('waits for the group, shows each event once, and leaves no listener behind on its signal', async () => {
    const controller = new AbortController();
    const stored: FilteredLogEvent[] = [];
    const listeners: number[] = [];
    let reads = 0;
    const logs = sdkFake(CloudWatchLogsClient, {
      send: async (command: FilterLogEventsCommand) => {
        reads++;
        listeners.push(getEventListeners(controller.signal, 'abort').length);
        if (reads <= 2) throw Object.assign(new Error('missing'), { name: 'ResourceNotFoundException' });
        if (reads === 3) stored.push({ eventId: 'a', timestamp: 100, message: 'one' }, { eventId: 'b', timestamp: 200, message: 'two' });
        if (reads === 6) stored.push({ eventId: 'c', timestamp: 200, message: 'three' });
        if (reads === 20) controller.abort();
        return { events: stored.filter((e) => e.timestamp! >= command.input.startTime!) };
      },
    });
    const shown: string[] = [];
    const missing: LogGroupMissing[] = [];
    const clients = { logs: async () => logs } as unknown as AwsClients;
    await followLogs(clients, { group: 'g', start: 0, pattern: undefined, signal: controller.signal, pollMs: 1, onEvent: (e) => shown.push(e.message!), onMissing: (e) => missing.push(e) });
    expect(shown).toEqual(['one', 'two', 'three']);
    expect(missing.map((e) => e.group)).toEqual(['g']);
    expect(Math.max(...listeners)).toBeLessThanOrEqual(1);
  });

  it('shows an event that arrives late with an older timestamp (another stream), once', async () => {
    const controller = new AbortController();
    const stored: FilteredLogEvent[] = [];
    let reads = 0;
    const logs = sdkFake(CloudWatchLogsClient, {
      send: async (command: FilterLogEventsCommand) => {
        reads++;
        if (reads === 1) stored.push({ eventId: 'a1', logStreamName: 'a', timestamp: 50_000, message: 'a first' });
        if (reads === 3) stored.push({ eventId: 'b1', logStreamName: 'b', timestamp: 45_000, message: 'b late' }); // older than a1
        if (reads === 5) stored.push({ eventId: 'c1', logStreamName: 'c', timestamp: 10_000, message: 'too late' }); // outside the window
        if (reads === 8) controller.abort();
        return { events: stored.filter((e) => e.timestamp! >= command.input.startTime!) };
      },
    });
    const shown: string[] = [];
    const clients = { logs: async () => logs } as unknown as AwsClients;
    await followLogs(clients, { group: 'g', start: 0, pattern: undefined, signal: controller.signal, pollMs: 1, onEvent: (e) => shown.push(e.message!), onMissing: () => {} });
    expect(shown).toEqual(['a first', 'b late']);
    expect(LATE_EVENT_WINDOW_MS).toBeLessThan(50_000 - 10_000);
  });
});
