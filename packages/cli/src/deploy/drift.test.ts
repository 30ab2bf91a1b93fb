import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { sdkFake } from '../../test/sdk-fake.js';
import { detectDrift, driftLines } from './drift.js';
import { acceptedVersions, formatVerification, verificationFailure, type StageVerification } from './verify-stage.js';

const MEMORY_DRIFT = {
  LogicalResourceId: 'Function',
  ResourceType: 'AWS::Lambda::Function',
  StackResourceDriftStatus: 'MODIFIED',
  PropertyDifferences: [
    { PropertyPath: '/MemorySize', ExpectedValue: '512', ActualValue: '1024', DifferenceType: 'NOT_EQUAL' },
    { PropertyPath: '/Environment/Variables/DEBUG', ExpectedValue: 'null', ActualValue: '1', DifferenceType: 'ADD' },
  ],
};

/** A CloudFormation whose detection is in progress for `pending` polls, then complete. */
function fakeCfn(pending: number, drifts: unknown[], detection: Record<string, unknown> = { DetectionStatus: 'DETECTION_COMPLETE', StackDriftStatus: drifts.length ? 'DRIFTED' : 'IN_SYNC' }) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  let polls = 0;
  const client = sdkFake(CloudFormationClient, {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ name, input: command.input });
      if (name === 'DetectStackDrift') return { StackDriftDetectionId: 'd-1' };
      if (name === 'DescribeStackDriftDetectionStatus') return polls++ < pending ? { DetectionStatus: 'DETECTION_IN_PROGRESS' } : detection;
      if (name === 'DescribeStackResourceDrifts') return { StackResourceDrifts: drifts };
      throw new Error(`unexpected ${name}`);
    },
  });
  return { client, calls };
}

describe('drift detection', () => {
  it('waits for the detection, then reads the modified and deleted resources', async () => {
    const { client, calls } = fakeCfn(2, [MEMORY_DRIFT, { LogicalResourceId: 'FunctionLogGroup', ResourceType: 'AWS::Logs::LogGroup', StackResourceDriftStatus: 'DELETED' }]);
    const report = await detectDrift(client, 'quote-api-dev', { pollMs: 1, deadlineMs: 5000 });
    expect(calls.map((c) => c.name)).toEqual(['DetectStackDrift', 'DescribeStackDriftDetectionStatus', 'DescribeStackDriftDetectionStatus', 'DescribeStackDriftDetectionStatus', 'DescribeStackResourceDrifts']);
    expect(calls[4]!.input).toMatchObject({ StackName: 'quote-api-dev', StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'] });
    expect(report.status).toBe('DRIFTED');
    expect(driftLines(report)).toEqual([
      'Function: MemorySize expected 512, actual 1024',
      'Function: Environment.Variables.DEBUG expected null, actual 1',
      'FunctionLogGroup: deleted outside the stack (AWS::Logs::LogGroup)',
    ]);
  });

  it('says why a detection failed, with what it could read', async () => {
    const { client } = fakeCfn(0, [], { DetectionStatus: 'DETECTION_FAILED', DetectionStatusReason: 'Failed to detect drift on resource [ApiKey]', StackDriftStatus: 'IN_SYNC' });
    expect(await detectDrift(client, 's', { pollMs: 1, deadlineMs: 5000 })).toEqual({ status: 'IN_SYNC', failure: 'Failed to detect drift on resource [ApiKey]', drifted: [] });
  });

  it('gives up past its deadline, naming the detection', async () => {
    const { client } = fakeCfn(1000, []);
    await expect(detectDrift(client, 'quote-api-dev', { pollMs: 5, deadlineMs: 20 })).rejects.toThrow(/drift detection d-1 on quote-api-dev did not finish within 0 s/);
  });
});

describe('status --verify', () => {
  it('accepts the stack version, or a newer fast-path version, never an older one', () => {
    expect(acceptedVersions('3', '3')).toEqual(['3']);
    expect(acceptedVersions('3', '5')).toEqual(['3', '5']);
    expect(acceptedVersions('3', '2')).toEqual(['3']); // a rollback: reported as not what the stack deployed
  });

  const clean: StageVerification = {
    verified: { version: '3', function: {} as StageVerification['verified']['function'], logging: { logGroup: '/aws/lambda/x', retentionDays: 30, format: 'Text' }, api: null },
    differences: [],
    drift: { status: 'IN_SYNC', failure: null, drifted: [] },
  };

  it('passes a stage that serves what it should and did not drift', () => {
    expect(verificationFailure(clean, 'dev')).toBeNull();
    expect(formatVerification(clean)).toBe('Verified   live serves version 3 as the settings and code ask\nDrift      IN_SYNC');
  });

  it('prints each drifted property under the drift status', () => {
    const drifted: StageVerification = { ...clean, drift: { status: 'DRIFTED', failure: null, drifted: [{ resource: 'Function', type: 'AWS::Lambda::Function', status: 'MODIFIED', differences: [{ property: 'MemorySize', expected: '512', actual: '2048' }] }] } };
    expect(formatVerification(drifted)).toBe('Verified   live serves version 3 as the settings and code ask\nDrift      DRIFTED\n           Function: MemorySize expected 512, actual 2048');
  });

  it('fails listing both what live lacks and what drifted', () => {
    const failure = verificationFailure(
      { ...clean, differences: ['memory (MB): 512 instead of 1024'], drift: { status: 'DRIFTED', failure: null, drifted: [{ resource: 'Function', type: 'AWS::Lambda::Function', status: 'MODIFIED', differences: [{ property: 'Timeout', expected: '20', actual: '3' }] }] } },
      'dev',
    );
    expect(failure?.exitCode).toBe(1);
    expect(failure?.message).toBe(
      'stage "dev": live (version 3) does not serve what the settings and code ask:\n  - memory (MB): 512 instead of 1024\nthe stack drifted (changed outside CloudFormation):\n  - Function: Timeout expected 20, actual 3',
    );
  });
});
