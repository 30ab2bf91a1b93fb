/**
 * `tsappa status <stage> --verify`: the read-back that follows every deploy and update (what
 * `live` serves, where it logs, how the API's methods are protected), run on demand against the
 * stage's settings and code, plus CloudFormation drift detection on its stack.
 */
import { OUTPUTS, type ResolvedSettings } from '@tsappa/templates';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import type { AwsClients } from '../aws/clients.js';
import { detectDrift, driftLines, type DriftReport } from './drift.js';
import { inspectStage } from './inspect.js';
import { stackDeadlineMs, stackPollMs } from './run.js';
import { readBack, type VerifiedReport } from './verify.js';

/** Drift detection takes seconds to minutes; past this, status --verify gives up. */
const DRIFT_DEADLINE_MS = 5 * 60_000;

export interface StageVerification {
  verified: VerifiedReport;
  /** what `live` serves that the settings and code do not ask for */
  differences: string[];
  drift: DriftReport;
}

/** The versions `live` may serve: the stack's, or a newer one the fast path published. */
export function acceptedVersions(stackVersion: string | undefined, liveVersion: string | undefined): string[] {
  const versions = stackVersion ? [stackVersion] : [];
  if (liveVersion && /^\d+$/.test(liveVersion) && (!stackVersion || Number(liveVersion) > Number(stackVersion))) versions.push(liveVersion);
  return versions;
}

export async function verifyStage(ctx: CommandContext, settings: ResolvedSettings, clients: AwsClients): Promise<StageVerification> {
  const inspection = await inspectStage(ctx, settings, clients);
  const { stack, outputs, functionName, release, live } = inspection;
  const versions = acceptedVersions(outputs[OUTPUTS.functionVersion], live?.Version);
  const { report, differences } = await readBack(clients, release, { stack, functionName, versions, outputs });
  const drift = await detectDrift(await clients.cloudFormation(), stack, { pollMs: stackPollMs(), deadlineMs: Math.min(stackDeadlineMs(), DRIFT_DEADLINE_MS) });
  return { verified: report, differences, drift };
}

/** The lines `status --verify` adds to the status. */
export function formatVerification(v: StageVerification): string {
  const lines = [
    v.differences.length === 0 ? `Verified   live serves version ${v.verified.version} as the settings and code ask` : `Verified   live (version ${v.verified.version}) differs in ${v.differences.length}`,
    `Drift      ${v.drift.status}${v.drift.failure ? ` (${v.drift.failure})` : ''}`,
  ];
  for (const line of driftLines(v.drift)) lines.push(`           ${line}`);
  return lines.join('\n');
}

/** The error when the stage does not serve what it should, or its stack drifted; null when clean. */
export function verificationFailure(v: StageVerification, stage: string): CliError | null {
  const drift = driftLines(v.drift);
  if (v.differences.length === 0 && drift.length === 0) return null;
  const parts: string[] = [];
  if (v.differences.length > 0) parts.push(`live (version ${v.verified.version}) does not serve what the settings and code ask:\n  - ${v.differences.join('\n  - ')}`);
  if (drift.length > 0) parts.push(`the stack drifted (changed outside CloudFormation):\n  - ${drift.join('\n  - ')}`);
  return new CliError(`stage "${stage}": ${parts.join('\n')}`, 1, `run "tsappa update ${stage}" to apply the settings again (a drifted property comes back only when the update changes its resource)`);
}
