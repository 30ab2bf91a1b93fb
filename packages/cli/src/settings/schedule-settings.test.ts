/** A schedule event's timezone, flexibleWindow and startDate/endDate: resolved, and refused when AWS would. */
import { describe, expect, it } from 'vitest';
import { SettingsError } from './errors.js';
import { resolveDev } from './__fixtures__/dev-stage.js';

const job = { function: 'src/jobs.ts:report', expression: 'cron(0 9 * * ? *)' };

async function resolveEvent(extra: Record<string, unknown>) {
  const { settings } = await resolveDev({ events: [{ ...job, ...extra }] });
  return settings.events[0];
}

async function problems(extra: Record<string, unknown>): Promise<string[]> {
  try {
    await resolveEvent(extra);
  } catch (error) {
    if (error instanceof SettingsError) return error.message.split('\n');
    throw error;
  }
  return [];
}

describe('schedule time zones, windows and dates', () => {
  it('leave a plain schedule without any (an Events rule, as before)', async () => {
    expect(await resolveEvent({})).toEqual({
      kind: 'schedule',
      function: 'src/jobs.ts:report',
      expression: 'cron(0 9 * * ? *)',
      name: 'jobs-report',
      enabled: true,
      timezone: null,
      flexibleWindow: null,
      startDate: null,
      endDate: null,
    });
  });

  it('resolve a zone, a window and dates (as UTC instants)', async () => {
    expect(await resolveEvent({ timezone: 'Europe/Berlin', flexibleWindow: 15, startDate: '2027-03-01T09:00:00+01:00', endDate: '2027-12-31T23:59:59Z' })).toMatchObject({
      timezone: 'Europe/Berlin',
      flexibleWindow: 15,
      startDate: '2027-03-01T08:00:00.000Z',
      endDate: '2027-12-31T23:59:59.000Z',
    });
    expect(await resolveEvent({ timezone: 'UTC', flexibleWindow: 'off' })).toMatchObject({ timezone: 'UTC', flexibleWindow: null });
  });

  it('refuse an unknown zone, naming the file, the setting and what was expected', async () => {
    for (const zone of ['Mars/Olympus_Mons', 'Europe/Berlln', '+01:00', 'europe berlin', '']) {
      expect(await problems({ timezone: zone }), zone).toEqual([
        expect.stringContaining(`tsappa.json: stage "dev": events[0].timezone: expected an IANA time zone name such as "Europe/Berlin"`),
      ]);
    }
  });

  it('refuse windows Scheduler does not take', async () => {
    const refused: [unknown, RegExp][] = [
      [0, /expected whole minutes 1-1440 or "off", found number 0/],
      [1441, /expected whole minutes 1-1440 or "off", found number 1441/],
      [2.5, /expected whole minutes 1-1440 or "off", found number 2.5/],
      ['on', /expected whole minutes 1-1440 or "off", found "on"/],
    ];
    for (const [window, message] of refused) {
      expect(await problems({ flexibleWindow: window }), String(window)).toEqual([expect.stringMatching(/tsappa\.json: stage "dev": events\[0\]\.flexibleWindow: /)]);
      expect((await problems({ flexibleWindow: window }))[0]).toMatch(message);
    }
    expect(await problems({ flexibleWindow: 1440 })).toEqual([]);
  });

  it('refuse dates without a time and an offset, and an end before the start', async () => {
    for (const date of ['2027-03-01', '2027-03-01T09:00:00', 'tomorrow', '2027-02-30T09:00:00Z']) {
      expect(await problems({ startDate: date }), date).toEqual([expect.stringMatching(/events\[0\]\.startDate: expected an ISO 8601 date and time with its offset/)]);
    }
    expect(await problems({ startDate: '2027-03-01T09:00:00Z', endDate: '2027-03-01T09:00:00Z' })).toEqual([
      expect.stringMatching(/events\[0\]\.endDate: expected a date after startDate 2027-03-01T09:00:00.000Z, found 2027-03-01T09:00:00.000Z/),
    ]);
  });
});
