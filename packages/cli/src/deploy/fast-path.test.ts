import type { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { lambdaCodeSha256 } from './changes.js';
import { fastPathUpdate } from './fast-path.js';

const SHA = 'ab'.repeat(32);

function fakeLambda(published: string, codeSha = lambdaCodeSha256(SHA)) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ name, input: command.input });
      if (name === 'GetFunctionConfiguration') return { State: 'Active', LastUpdateStatus: 'Successful', CodeSha256: codeSha };
      if (name === 'PublishVersion') return { Version: published };
      return {};
    },
  };
  return { client: client as unknown as LambdaClient, calls };
}

describe('fast path', () => {
  it('updates the code, waits, publishes with the expected sha and moves live', async () => {
    const { client, calls } = fakeLambda('5');
    const result = await fastPathUpdate(client, { functionName: 'fn', bucket: 'b', key: 'k.zip', sha256: SHA, previousVersion: '4' }, { sleep: async () => {} });
    expect(result).toEqual({ version: '5', previousVersion: '4' });
    expect(calls.map((c) => c.name)).toEqual(['UpdateFunctionCode', 'GetFunctionConfiguration', 'PublishVersion', 'UpdateAlias']);
    expect(calls[0]!.input).toEqual({ FunctionName: 'fn', S3Bucket: 'b', S3Key: 'k.zip' });
    expect(calls[2]!.input.CodeSha256).toBe(lambdaCodeSha256(SHA));
    expect(calls[3]!.input).toEqual({ FunctionName: 'fn', Name: 'live', FunctionVersion: '5' });
  });

  it('never moves live to an older version', async () => {
    const { client, calls } = fakeLambda('3');
    await expect(fastPathUpdate(client, { functionName: 'fn', bucket: 'b', key: 'k.zip', sha256: SHA, previousVersion: '4' })).rejects.toThrow(/refusing to move live back/);
    expect(calls.map((c) => c.name)).not.toContain('UpdateAlias');
  });

  it('stops when the function runs other code than the upload (a concurrent deploy)', async () => {
    const { client } = fakeLambda('5', 'other');
    await expect(fastPathUpdate(client, { functionName: 'fn', bucket: 'b', key: 'k.zip', sha256: SHA, previousVersion: '4' })).rejects.toThrow(/another deploy/);
  });
});
