/**
 * CloudFormation drift detection for a stage's stack: DetectStackDrift, then
 * DescribeStackDriftDetectionStatus until the detection ends, then DescribeStackResourceDrifts
 * for the resources changed (MODIFIED) or removed (DELETED) outside the stack
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-drift.html).
 */
import {
  DescribeStackDriftDetectionStatusCommand,
  DetectStackDriftCommand,
  paginateDescribeStackResourceDrifts,
  type CloudFormationClient,
  type StackResourceDrift,
} from '@aws-sdk/client-cloudformation';
import { CliError } from '../cli/errors.js';

export interface PropertyDrift {
  property: string;
  expected: string;
  actual: string;
}

export interface ResourceDrift {
  resource: string;
  type: string;
  status: 'MODIFIED' | 'DELETED';
  differences: PropertyDrift[];
}

export interface DriftReport {
  /** DRIFTED, IN_SYNC, NOT_CHECKED or UNKNOWN */
  status: string;
  /** why the detection failed for some resources, when it did */
  failure: string | null;
  drifted: ResourceDrift[];
}

export interface DriftOptions {
  pollMs: number;
  deadlineMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stack resource's drift, as tsappa reports it. */
export function resourceDrift(drift: StackResourceDrift): ResourceDrift {
  return {
    resource: drift.LogicalResourceId ?? '?',
    type: drift.ResourceType ?? '?',
    status: drift.StackResourceDriftStatus === 'DELETED' ? 'DELETED' : 'MODIFIED',
    differences: (drift.PropertyDifferences ?? []).map((d) => ({
      property: (d.PropertyPath ?? '?').replace(/^\//, '').replace(/\//g, '.'),
      expected: d.ExpectedValue ?? 'null',
      actual: d.ActualValue ?? 'null',
    })),
  };
}

/** "Function: MemorySize expected 512, actual 1024", one line per changed property. */
export function driftLines(report: DriftReport): string[] {
  const lines: string[] = [];
  for (const drift of report.drifted) {
    if (drift.status === 'DELETED') lines.push(`${drift.resource}: deleted outside the stack (${drift.type})`);
    else if (drift.differences.length === 0) lines.push(`${drift.resource}: modified outside the stack (${drift.type})`);
    for (const d of drift.differences) lines.push(`${drift.resource}: ${d.property} expected ${d.expected}, actual ${d.actual}`);
  }
  return lines;
}

/** Runs drift detection on the stack and waits for it; the resources that drifted. */
export async function detectDrift(cfn: CloudFormationClient, stack: string, options: DriftOptions): Promise<DriftReport> {
  const started = Date.now();
  const { StackDriftDetectionId: id } = await cfn.send(new DetectStackDriftCommand({ StackName: stack }));
  if (!id) throw new CliError(`CloudFormation DetectStackDrift on ${stack} returned no detection id`);
  for (;;) {
    const status = await cfn.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: id }));
    if (status.DetectionStatus !== 'DETECTION_IN_PROGRESS') {
      const drifts: StackResourceDrift[] = [];
      for await (const page of paginateDescribeStackResourceDrifts({ client: cfn }, { StackName: stack, StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'] })) {
        drifts.push(...(page.StackResourceDrifts ?? []));
      }
      return {
        status: status.StackDriftStatus ?? 'UNKNOWN',
        failure: status.DetectionStatus === 'DETECTION_FAILED' ? (status.DetectionStatusReason ?? 'detection failed') : null,
        drifted: drifts.map(resourceDrift),
      };
    }
    if (Date.now() - started > options.deadlineMs) {
      throw new CliError(`drift detection ${id} on ${stack} did not finish within ${Math.round(options.deadlineMs / 1000)} s`, 1, 'run "tsappa status <stage> --verify" again later');
    }
    await sleep(options.pollMs);
  }
}
