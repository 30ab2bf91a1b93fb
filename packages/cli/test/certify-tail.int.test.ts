/**
 * Against moto: `tsappa certify` with `certificate: "auto"` (the ACM certificate requested in
 * us-east-1 for an EDGE domain, which the stack cannot request, its DNS validation record
 * published, the wait until it is issued; then, as the stack does not hold the domain yet, no
 * domain name but the certificateArn to set), the update that creates the domain, the mapping
 * and the alias in the stack (moto_patches.py section 73), certify finding them; and `tsappa
 * tail` in follow mode as a real process (the bin, so the CLI must be built) stopped with Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { APIGatewayClient, GetBasePathMappingsCommand, GetDomainNameCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateHostedZoneCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { describeWithMoto, type MotoServer } from '../../../test/support/moto.js';
import { fastStackPolling, scratchProject, STACK, type ScratchProject } from './support/quote-api-scratch.js';

// read by the moto server process (started in describeWithMoto's beforeAll, with this environment):
// a requested certificate is issued after 1 s instead of 60
process.env.MOTO_ACM_VALIDATION_WAIT = '1';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'tsappa.js');
const DOMAIN = 'quote.example.com';
/** the example's own region: an EDGE certificate must still be requested in us-east-1 */
const STAGE_REGION = 'ap-south-1';

describeWithMoto('certify with certificate: "auto" (moto)', () => {
  let project: ScratchProject;
  let restorePolling = () => {};
  let savedCertificatePoll: string | undefined;
  let zone = '';
  let restApiId = '';
  let certificateArn = '';
  const acm = () => new ACMClient({ region: 'us-east-1' });
  const apigw = () => new APIGatewayClient({ region: STAGE_REGION });
  const route53 = () => new Route53Client({ region: STAGE_REGION });
  const certificatesFor = async (client: ACMClient) => ((await client.send(new ListCertificatesCommand({}))).CertificateSummaryList ?? []).filter((c) => c.DomainName === DOMAIN);

  beforeAll(async () => {
    restorePolling = fastStackPolling();
    savedCertificatePoll = process.env.TSAPPA_CERTIFICATE_POLL_MS;
    process.env.TSAPPA_CERTIFICATE_POLL_MS = '200';
    project = scratchProject('certify-auto');
    project.writeSettings({ awsRegion: STAGE_REGION });
    const deployed = await project.cli('deploy', 'dev', '--json');
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);
    restApiId = (await apigw().send(new GetRestApisCommand({}))).items!.find((a) => a.name === STACK)!.id!;
    zone = (await route53().send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: `tsappa-${Date.now()}` }))).HostedZone!.Id!.replace('/hostedzone/', '');
  }, 180_000);

  afterAll(() => {
    restorePolling();
    if (savedCertificatePoll === undefined) delete process.env.TSAPPA_CERTIFICATE_POLL_MS;
    else process.env.TSAPPA_CERTIFICATE_POLL_MS = savedCertificatePoll;
    project?.remove();
  });

  it('refuses certificate: "auto" without hostedZoneId (exit 2), before touching ACM', async () => {
    project.writeSettings({ awsRegion: STAGE_REGION, domain: DOMAIN, certificate: 'auto' });
    const run = await project.cli('certify', 'dev', '--yes');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/certificate: "auto" validates through DNS and needs "hostedZoneId"/);
    expect(await certificatesFor(acm())).toEqual([]);
  });

  it('requests the certificate in us-east-1, publishes its validation record, waits for it, then refuses the domain the stack does not hold, naming the certificateArn to set', async () => {
    project.writeSettings({ awsRegion: STAGE_REGION, domain: DOMAIN, certificate: 'auto', hostedZoneId: zone });
    const started = Date.now();
    const run = await project.cli('certify', 'dev', '--yes');
    const elapsed = Date.now() - started;
    expect(run.code, run.stderr + run.stdout).toBe(1);
    // moto issues the certificate 1 s after the request (MOTO_ACM_VALIDATION_WAIT): certify waited for it
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(run.stderr).toMatch(`Requested a certificate for ${DOMAIN} in us-east-1`);
    expect(run.stderr).toMatch(/waiting for ACM to issue the certificate/);

    // ACM: one certificate for the domain, in us-east-1 (none in the stage's region), issued
    const [certificate] = await certificatesFor(acm());
    certificateArn = certificate!.CertificateArn!;
    expect(certificateArn).toMatch(/^arn:aws:acm:us-east-1:/);
    expect(await certificatesFor(new ACMClient({ region: STAGE_REGION }))).toEqual([]);
    const described = (await acm().send(new DescribeCertificateCommand({ CertificateArn: certificateArn }))).Certificate!;
    expect(described.Status).toBe('ISSUED');
    expect(run.stderr).toContain(`the stack ${STACK} of stage "dev" does not hold the custom domain name ${DOMAIN} yet`);
    expect(run.stderr).toContain(`set "certificateArn": "${certificateArn}" in place of "certificate": "auto"`);

    // Route 53: ACM's validation CNAME, and no alias yet
    const validation = described.DomainValidationOptions?.find((o) => o.ResourceRecord)?.ResourceRecord;
    expect(validation?.Name).toBeTruthy();
    const records = (await route53().send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }))).ResourceRecordSets ?? [];
    expect(records.find((r) => r.Type === 'CNAME' && r.Name === validation!.Name)?.ResourceRecords?.map((r) => r.Value)).toEqual([validation!.Value]);
    expect(records.find((r) => r.Type === 'A' && r.Name === `${DOMAIN}.`)).toBeUndefined();
    // API Gateway: no domain name outside the stack
    await expect(apigw().send(new GetDomainNameCommand({ domainName: DOMAIN }))).rejects.toMatchObject({ name: 'NotFoundException' });
  });

  it('with that certificateArn the update creates the domain, the mapping and the alias; certify finds them and reuses the certificate', async () => {
    project.writeSettings({ awsRegion: STAGE_REGION, domain: DOMAIN, certificateArn, hostedZoneId: zone });
    const update = await project.cli('update', 'dev');
    expect(update.code, update.stderr + update.stdout).toBe(0);
    const run = await project.cli('certify', 'dev', '--yes', '--json');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stderr).not.toMatch(/Requested a certificate|Created the domain name/);
    const result = JSON.parse(run.stdout) as { certificateArn: string; domainCreated: boolean; endpoint: string; targetName: string; dnsRecord: { hostedZoneId: string; name: string } | null };
    expect(result).toMatchObject({ certificateArn, endpoint: 'EDGE', domainCreated: false, dnsRecord: { hostedZoneId: zone, name: DOMAIN } });
    expect((await certificatesFor(acm())).map((c) => c.CertificateArn)).toEqual([certificateArn]);

    // API Gateway: the domain on that certificate, mapped to the stack's API and stage dev, once
    const domain = await apigw().send(new GetDomainNameCommand({ domainName: DOMAIN }));
    expect(domain.certificateArn).toBe(certificateArn);
    const mappings = (await apigw().send(new GetBasePathMappingsCommand({ domainName: DOMAIN }))).items ?? [];
    expect(mappings.map((m) => [m.restApiId, m.stage])).toEqual([[restApiId, 'dev']]);
    const records = (await route53().send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }))).ResourceRecordSets ?? [];
    expect(records.filter((r) => r.Type === 'A' && r.Name === `${DOMAIN}.`).map((r) => r.AliasTarget?.DNSName?.replace(/\.$/, ''))).toEqual([result.targetName]);
  }, 180_000);
});

/** One `tsappa tail` process and what it printed. */
class Tail {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(readonly proc: ChildProcess) {
    proc.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
  }

  /** Resolves once `stream` contains `text`; fails when the process exits first or after `timeoutMs`. */
  async waitFor(stream: 'stdout' | 'stderr', text: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this[stream].includes(text)) {
      if (this.proc.exitCode !== null) throw new Error(`tsappa tail exited (${this.proc.exitCode}) before printing "${text}"\nstdout: ${this.stdout}\nstderr: ${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}" on ${stream}\nstdout: ${this.stdout}\nstderr: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Ctrl-C; resolves with the exit code, or fails when the process is still running after `timeoutMs`. */
  async interrupt(timeoutMs = 10_000): Promise<number | null> {
    this.proc.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`tsappa tail still running ${timeoutMs} ms after SIGINT\nstderr: ${this.stderr}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

const count = (text: string, part: string) => text.split(part).length - 1;

describeWithMoto('tail in follow mode (moto)', (moto: () => MotoServer) => {
  let project: ScratchProject;
  const group = `/aws/lambda/${STACK}`;
  const logs = () => new CloudWatchLogsClient({ region: moto().env.AWS_REGION });
  const put = async (stream: string, messages: string[]) => {
    const now = Date.now();
    // oldest first, 10 ms apart, the newest now
    const logEvents = messages.map((message, i) => ({ timestamp: now - (messages.length - 1 - i) * 10, message }));
    await logs().send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }));
  };
  const tail = (...args: string[]) => {
    const proc = spawn(process.execPath, [BIN, 'tail', 'dev', '--since', '5m', ...args], {
      cwd: project.dir,
      env: { ...process.env, ...moto().env, TSAPPA_LOG_POLL_MS: '200', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onTestFinished(() => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    });
    return new Tail(proc);
  };

  beforeAll(() => {
    project = scratchProject('tail-follow'); // the settings only: the function is quote-api-dev, nothing deployed
  });

  afterAll(() => project?.remove());

  it('waits for a missing log group, prints each new event once in order, and stops on Ctrl-C with exit 0', async () => {
    const run = tail();
    await run.waitFor('stderr', `the log group ${group} does not exist yet`);
    await run.waitFor('stderr', 'waiting for it');
    expect(run.proc.exitCode).toBeNull();

    await logs().send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'a' }));
    await put('a', ['first event', 'second event']);
    await run.waitFor('stdout', 'second event');
    expect(run.stdout.indexOf('first event')).toBeGreaterThanOrEqual(0);
    expect(run.stdout.indexOf('first event')).toBeLessThan(run.stdout.indexOf('second event'));

    // the next polls read from the newest event shown (inclusive): nothing is printed twice
    await put('a', ['third event']);
    await run.waitFor('stdout', 'third event');
    const lines = run.stdout.trim().split('\n');
    expect(lines.map((line) => line.replace(/^\S+ /, ''))).toEqual(['first event', 'second event', 'third event']);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z first event$/);
    expect(count(run.stderr, 'does not exist yet')).toBe(1);

    expect(await run.interrupt()).toBe(0);
    expect(run.stderr).not.toMatch(/error|MaxListenersExceeded/i);
  });

  it('--filter ERROR shows only the matching events', async () => {
    const run = tail('--filter', 'ERROR');
    await run.waitFor('stderr', `Following ${group}`);
    await put('a', ['INFO quote served', 'ERROR quote missing', 'INFO quote served again']);
    await put('a', ['ERROR table unreachable']);
    await run.waitFor('stdout', 'ERROR table unreachable');
    // the INFO events came in the same reads as the ERROR ones
    expect(run.stdout.trim().split('\n').map((line) => line.replace(/^\S+ /, ''))).toEqual(['ERROR quote missing', 'ERROR table unreachable']);
    expect(await run.interrupt()).toBe(0);
  });

  it('--json prints one JSON object per event, a line each', async () => {
    const run = tail('--json');
    await put('a', ['json event']);
    await run.waitFor('stdout', 'json event');
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { timestamp: number; stream: string; message: string });
    expect(events.map((e) => e.message)).toEqual([
      'first event',
      'second event',
      'third event',
      'INFO quote served',
      'ERROR quote missing',
      'INFO quote served again',
      'ERROR table unreachable',
      'json event',
    ]);
    expect(events.every((e) => e.stream === 'a' && typeof e.timestamp === 'number')).toBe(true);
    expect(await run.interrupt()).toBe(0);
  });
});
