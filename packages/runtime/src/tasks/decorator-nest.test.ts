/**
 * A task on a NestJS service method (./__fixtures__/nest-app.ts), with the real @nestjs/core:
 * compiled as Nest projects compile (tsc, experimentalDecorators, emitDecoratorMetadata) and run
 * through the Lambda entry. A request to one container dispatches the task; the payload it sent
 * then runs in a fresh container, where the service comes from the app's own container.
 */
import { fileURLToPath } from 'node:url';
import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { createEntry } from '../entry/create-entry.js';
import { runtimeConfig } from '../entry/__fixtures__/config.js';
import { context, restEvent } from '../entry/__fixtures__/events.js';
import { importCompiled, typeErrors, type DecoratorBuild } from './__fixtures__/compile.js';
import { FakeAws } from './__fixtures__/fake-ops.js';
import { TASK_MESSAGE_KEY, isTaskMessage, type TaskMessage } from './message.js';
import { setAwsOps } from './ops.js';
import { taskNames, unregisterTask } from './registry.js';

const FIXTURE = fileURLToPath(new URL('./__fixtures__/nest-app.ts', import.meta.url));
const NEST_BUILD: DecoratorBuild = { compiler: 'tsc', experimentalDecorators: true };

interface NestAppModule {
  app: () => Promise<unknown>;
  nestApp: () => Promise<{ get(cls: unknown): unknown; close(): Promise<void> }>;
  MailService: new (...args: never[]) => { sent: string[] };
}

/** One Lambda container: a fresh copy of the app module behind the entry. */
async function container() {
  for (const name of taskNames()) if (name.startsWith('MailService.')) unregisterTask(name);
  const mod = await importCompiled<NestAppModule>(FIXTURE, NEST_BUILD);
  const handler = createEntry(runtimeConfig({ projectName: 'users-api' }), async () => ({ app: mod.app, functions: {} }));
  return { mod, handler };
}

const opened: NestAppModule[] = [];
let aws: FakeAws;
beforeEach(() => {
  aws = new FakeAws();
  setAwsOps(aws);
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'users-api-dev');
  vi.stubEnv('AWS_LAMBDA_FUNCTION_VERSION', '9');
});
afterEach(async () => {
  for (const mod of opened.splice(0)) await (await mod.nestApp()).close();
  setAwsOps(null);
  vi.unstubAllEnvs();
});

describe('@task() on a NestJS service method', () => {
  it('the app type-checks as a Nest project compiles it', () => {
    expect(typeErrors(FIXTURE, NEST_BUILD)).toEqual([]);
  });

  it('a request dispatches it; the captured payload runs it on the service from the Nest container', async () => {
    const web = await container();
    opened.push(web.mod);
    const event = { ...restEvent('/users'), httpMethod: 'POST', resource: '/{proxy+}' };
    const response = (await web.handler(event, context)) as APIGatewayProxyResult;
    expect(response.statusCode).toBe(201);
    const { queued } = JSON.parse(response.body) as { queued: { id: string; service: string } };
    expect(queued).toEqual({ id: expect.any(String), service: 'lambda' });
    // nothing ran here: the request only sent it
    const webService = (await web.mod.nestApp()).get(web.mod.MailService) as { sent: string[] };
    expect(webService.sent).toEqual([]);
    expect(aws.invokes).toHaveLength(1);
    expect(aws.invokes[0]!.target).toEqual({ functionName: 'users-api-dev', qualifier: '9' });
    const payload: unknown = JSON.parse(aws.invokes[0]!.payload);
    expect(isTaskMessage(payload)).toBe(true);
    const message = payload as TaskMessage;
    expect(message[TASK_MESSAGE_KEY]).toMatchObject({ id: queued.id, name: 'MailService.sendWelcome', args: ['ann@example.com'] });

    // the Event invoke lands in another container, which has made no Nest app yet
    const worker = await container();
    opened.push(worker.mod);
    expect(await worker.handler(message, context)).toEqual({ tasks: [{ id: queued.id, name: 'MailService.sendWelcome', status: 'complete' }] });
    const workerService = (await worker.mod.nestApp()).get(worker.mod.MailService) as { sent: string[] };
    expect(workerService).toBeInstanceOf(worker.mod.MailService);
    expect(workerService.sent).toEqual(['Welcome aboard, ann@example.com']);
  });

  it('tsappa invoke runs it by name on the service from the container', async () => {
    const { mod, handler } = await container();
    opened.push(mod);
    expect(await handler({ 'tsappa:invoke': 'MailService.sendWelcome', args: ['bo@example.com'] }, context)).toBe('Welcome aboard, bo@example.com');
    const service = (await mod.nestApp()).get(mod.MailService) as { sent: string[] };
    expect(service.sent).toEqual(['Welcome aboard, bo@example.com']);
  });

  it('keeps the metadata other decorators put on the method, and the design types', async () => {
    const { mod } = await container();
    const method = (mod.MailService.prototype as unknown as { sendWelcome: object }).sendWelcome;
    expect(Reflect.getMetadata('audit', method)).toBe('welcome-mail');
    expect(Reflect.getMetadata('design:paramtypes', mod.MailService.prototype, 'sendWelcome')).toEqual([String]);
  });
});
