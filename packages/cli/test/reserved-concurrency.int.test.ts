/**
 * reservedConcurrency against moto (with moto_patches.py section 30, GetAccountSettings as AWS
 * answers it): deploy reserves the function's concurrency, and an update asking for more than
 * the account can give stops before any write, naming the setting, the file and the most it may
 * reserve. moto's account has AWS's default 1,000 concurrent executions.
 */
import { GetFunctionConcurrencyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../test/support/moto.js';
import { fastStackPolling, scratchProject, STACK, type ScratchProject } from './support/quote-api-scratch.js';

describeWithMoto('reservedConcurrency of examples/quote-api (moto)', () => {
  let project: ScratchProject;
  let restorePolling = () => {};
  const reserved = async () => (await new LambdaClient({ region: MOTO_REGION }).send(new GetFunctionConcurrencyCommand({ FunctionName: STACK }))).ReservedConcurrentExecutions;

  beforeAll(() => {
    restorePolling = fastStackPolling();
    project = scratchProject('reserved-concurrency');
  });

  afterAll(() => {
    restorePolling();
    project.remove();
  });

  it('deploy reserves the concurrency the settings ask for', async () => {
    project.writeSettings({ reservedConcurrency: 5 });
    const run = await project.cli('deploy', 'dev');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(await reserved()).toBe(5);
  });

  it('an update asking for more than the account leaves unreserved is refused before any write', async () => {
    // 1,000 - 5 reserved = 995 unreserved; the function's own 5 are its to keep; 100 stay unreserved
    project.writeSettings({ reservedConcurrency: 901, memorySize: 1024 });
    const run = await project.cli('update', 'dev', '--json');
    expect(run.code, run.stderr).toBe(2);
    const error = (JSON.parse(run.stdout) as { error: string }).error; // with --json the error is the JSON document on stdout
    expect(error).toMatch(/^reservedConcurrency in \S+tsappa\.json \(stage "dev"\): expected at most 900, found 901\. The account has 1000 concurrent executions in us-east-1/);
    expect(run.stderr).not.toMatch(/Updating the stack/);
    expect(await reserved()).toBe(5);
  });

  it('the most the account can give is accepted', async () => {
    project.writeSettings({ reservedConcurrency: 900 });
    const run = await project.cli('update', 'dev');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(await reserved()).toBe(900);
  });
});
