import type { ResolvedSettings } from '@tsappa/templates';
import { createAwsClients, type AwsClients } from '../aws/clients.js';
import type { Output } from '../cli/output.js';

/** The AWS clients of a stage: its region and profile. */
export function stageClients(settings: ResolvedSettings): AwsClients {
  return createAwsClients({ region: settings.awsRegion, profile: settings.profile });
}

/** With --verbose: every AWS call the command made, counted by Service.Command. */
export function reportCalls(output: Output, clients: AwsClients): void {
  const summary = clients.callSummary();
  output.debug(`AWS calls (${clients.calls.length}): ${Object.entries(summary).map(([k, n]) => `${k}×${n}`).join(', ')}`);
}
