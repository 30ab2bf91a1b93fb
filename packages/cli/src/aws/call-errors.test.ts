/**
 * An AWS call that fails says which call: service, operation, resource. A body the SDK cannot
 * parse (moto's tracebacks, a proxy's HTML page) is shown with its HTTP status and its first 300
 * characters, for XML (CloudFormation) and JSON (Lambda) services alike.
 */
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from './clients.js';
import { AwsUnreadableResponseError, resourceOf } from './call-errors.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** An endpoint that answers every request with `status` and `body`; counts the requests. */
async function endpoint(status: number, body: string, contentType = 'text/html'): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': contentType });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests: () => requests };
}

async function withEndpoint<T>(url: string, fn: (clients: AwsClients) => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_ENDPOINT_URL: url, AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret' });
  try {
    return await fn(new AwsClients({ region: 'eu-west-1', profile: null }));
  } finally {
    for (const key of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as Error,
  );

describe('errors of AWS calls', () => {
  const garbage = `<html><body><h1>Internal Server Error</h1><pre>Traceback (most recent call last): ${'x'.repeat(400)}</pre>`;

  it('an XML service answering an unparseable body: service, operation, stack, HTTP status, first 300 characters', async () => {
    const server = await endpoint(400, garbage);
    const error = await withEndpoint(server.url, async (clients) => {
      const { ExecuteChangeSetCommand } = await import('@aws-sdk/client-cloudformation');
      return failure((await clients.cloudFormation()).send(new ExecuteChangeSetCommand({ StackName: 'app-dev', ChangeSetName: 'cs-1' })));
    });
    expect(error).toBeInstanceOf(AwsUnreadableResponseError);
    expect(error!.message).toMatch(/^CloudFormation ExecuteChangeSet \(stack app-dev\) failed: HTTP 400 with a body the AWS SDK could not read: /);
    expect(error!.message).toContain(JSON.stringify(garbage.slice(0, 300)));
    expect(error!.message).not.toContain(garbage.slice(0, 301));
    expect(error!.message).toContain(`(first 300 of ${garbage.length} characters)`);
    expect(error!.message).not.toMatch(/XML parse error/);
    expect(server.requests()).toBe(1); // a 400 is not retried
  });

  it('a JSON service answering an unparseable 500: still retried like any 500, then named with its status', async () => {
    const server = await endpoint(500, 'upstream connect error', 'text/plain');
    const error = await withEndpoint(server.url, async (clients) => {
      const { GetFunctionConfigurationCommand } = await import('@aws-sdk/client-lambda');
      const lambda = await clients.lambda();
      return failure(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'app-dev', Qualifier: 'live' })));
    });
    expect(error).toBeInstanceOf(AwsUnreadableResponseError);
    expect(error!.message).toBe('Lambda GetFunctionConfiguration (function app-dev) failed: HTTP 500 with a body the AWS SDK could not read: "upstream connect error"');
    expect((error as AwsUnreadableResponseError).$metadata.httpStatusCode).toBe(500);
    expect(server.requests()).toBeGreaterThan(1);
  }, 30_000);

  it('a service error keeps its name and gains the call and the resource', async () => {
    const xml = '<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id app-dev does not exist</Message></Error><RequestId>r1</RequestId></ErrorResponse>';
    const server = await endpoint(400, xml, 'text/xml');
    const error = await withEndpoint(server.url, async (clients) => {
      const { DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
      return failure((await clients.cloudFormation()).send(new DescribeStacksCommand({ StackName: 'app-dev' })));
    });
    expect(error!.name).toBe('ValidationError');
    expect(error!.message).toBe('CloudFormation DescribeStacks (stack app-dev): Stack with id app-dev does not exist');
  });

  it('names S3 objects by bucket and key', () => {
    expect(resourceOf({ Bucket: 'b', Key: 'k.zip' })).toBe('s3://b/k.zip');
    expect(resourceOf({ FunctionName: 'fn', Qualifier: 'live' })).toBe('function fn');
    expect(resourceOf({})).toBeNull();
  });
});
