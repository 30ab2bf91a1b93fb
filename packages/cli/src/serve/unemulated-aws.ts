/**
 * Where the local function's AWS calls go when nothing local plays the service (no declared
 * table behind it, no `--aws-endpoint`): a local endpoint that refuses every call with an error
 * the SDK reports (`NotEmulatedLocally`), so a call never reaches a real account by surprise.
 * The first call to each service logs one line saying what to do.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const NOT_EMULATED = 'NotEmulatedLocally';

/** The service and the operation of a signed SDK request, as far as they can be read. */
export function describeAwsCall(headers: IncomingMessage['headers'], body: string, url: string): { service: string; operation: string | null } {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(String(headers.authorization ?? ''));
  const service = scope?.[1] ?? 'an AWS service';
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return { service, operation: target.split('.').pop() ?? target };
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body) ?? /[?&](?:Action|x-id)=([A-Za-z]+)/.exec(url);
  return { service, operation: action?.[1] ?? null };
}

/** The services whose SDK clients speak REST XML; the others speak JSON or, with a form body, query XML. */
const REST_XML_SERVICES = new Set(['s3', 's3-object-lambda', 'route53', 'cloudfront']);

/** The error, in the form the request's protocol expects (JSON, query or REST XML). */
function refuse(req: IncomingMessage, res: ServerResponse, service: string, message: string): void {
  const type = String(req.headers['content-type'] ?? '');
  res.setHeader('x-amzn-errortype', NOT_EMULATED);
  if (type.includes('x-www-form-urlencoded')) {
    res.writeHead(400, { 'content-type': 'text/xml' }).end(`<ErrorResponse><Error><Type>Sender</Type><Code>${NOT_EMULATED}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>local</RequestId></ErrorResponse>`);
  } else if (REST_XML_SERVICES.has(service)) {
    res.writeHead(400, { 'content-type': 'application/xml' }).end(`<Error><Code>${NOT_EMULATED}</Code><Message>${escapeXml(message)}</Message><RequestId>local</RequestId></Error>`);
  } else {
    res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ __type: NOT_EMULATED, message }));
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface UnemulatedAws {
  /** `AWS_ENDPOINT_URL` for the function */
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Starts the refusing endpoint on a free port of 127.0.0.1. */
export async function startUnemulatedAws(log: (line: string) => void): Promise<UnemulatedAws> {
  const told = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { service, operation } = describeAwsCall(req.headers, Buffer.concat(chunks).toString('utf8'), req.url ?? '/');
      const what = `${service}${operation ? ` ${operation}` : ''}`;
      const message = `tsappa serve does not emulate ${service}: run an emulator (LocalStack, moto) and pass its URL with --aws-endpoint`;
      if (!told.has(service)) {
        told.add(service);
        log(`the function called ${what}, which is not emulated locally (only the DynamoDB tables declared in "resources" are): run an emulator such as LocalStack or moto and pass --aws-endpoint URL; until then every ${service} call fails with ${NOT_EMULATED}`);
      }
      refuse(req, res, service, message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
