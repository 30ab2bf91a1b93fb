/** `deployment`: resolved with its defaults; a strategy CodeDeploy does not offer, or bad alarms, refused with the file, the key and what is valid. */
import { describe, expect, it } from 'vitest';
import { SettingsError } from './errors.js';
import { FILE, resolveDev } from './__fixtures__/dev-stage.js';


async function refusal(stage: Record<string, unknown>): Promise<SettingsError> {
  try {
    await resolveDev(stage);
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error('the settings were accepted');
}

describe('deployment setting', () => {
  it('is null by default: the alias moves at once, as before', async () => {
    expect((await resolveDev({})).settings.deployment).toBeNull();
  });

  it('resolves a strategy, with no alarms unless given', async () => {
    expect((await resolveDev({ deployment: { strategy: 'Canary10Percent5Minutes' } })).settings.deployment).toEqual({ strategy: 'Canary10Percent5Minutes', alarms: [] });
    const withAlarms = await resolveDev({ deployment: { strategy: 'Linear10PercentEvery1Minute', alarms: ['api-5xx', 'api-latency'] } });
    expect(withAlarms.settings.deployment).toEqual({ strategy: 'Linear10PercentEvery1Minute', alarms: ['api-5xx', 'api-latency'] });
  });

  it('refuses a strategy CodeDeploy does not offer, naming the file, the key and the valid strategies', async () => {
    const error = await refusal({ deployment: { strategy: 'Canary50Percent1Minute' } });
    expect(error.message).toContain(FILE);
    expect(error.message).toMatch(/deployment\.strategy: expected one of "AllAtOnce", "Canary10Percent5Minutes", .*"Linear10PercentEvery10Minutes", found "Canary50Percent1Minute"/);
  });

  it('refuses a missing strategy, unknown keys, empty or repeated alarm names and more than 10 alarms', async () => {
    expect((await refusal({ deployment: { alarms: ['a'] } })).message).toMatch(/deployment\.strategy: expected one of "AllAtOnce"/);
    expect((await refusal({ deployment: { strategy: 'AllAtOnce', hooks: {} } })).message).toMatch(/deployment/);
    expect((await refusal({ deployment: { strategy: 'AllAtOnce', alarms: [''] } })).message).toMatch(/deployment\.alarms\[0\]: expected at least 1 character/);
    expect((await refusal({ deployment: { strategy: 'AllAtOnce', alarms: ['a', 'a'] } })).message).toMatch(/deployment\.alarms: expected each alarm once/);
    const eleven = Array.from({ length: 11 }, (_, i) => `alarm-${i}`);
    expect((await refusal({ deployment: { strategy: 'AllAtOnce', alarms: eleven } })).message).toMatch(/deployment\.alarms: expected at most 10 item/);
  });
});
