/**
 * Requests to a deployed stage, the way its users send them: over HTTPS to the stage's URL on
 * real AWS. moto serves no execute-api host, so in a rehearsal the same request is an API
 * Gateway REST proxy event (shaped as AWS documents it) sent to the `live` alias, which is what
 * API Gateway invokes.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { fromFetch, fromRestApiResult, type HttpResponse } from '../support/http-checks.js';
import { restApiEvent } from '../support/rest-api-event.js';

export interface StageEndpoint {
  get(path: string): Promise<HttpResponse>;
}

export function urlEndpoint(url: string, headers: Record<string, string>): StageEndpoint {
  return {
    async get(path) {
      return fromFetch(await fetch(`${url.replace(/\/$/, '')}${path}`, { headers }));
    },
  };
}

export function liveAliasEndpoint(functionName: string, stage: string, headers: Record<string, string>): StageEndpoint {
  return {
    async get(path) {
      const out = await new LambdaClient({}).send(
        new InvokeCommand({ FunctionName: functionName, Qualifier: 'live', Payload: Buffer.from(JSON.stringify(restApiEvent({ method: 'GET', path, headers }, stage))) }),
      );
      if (out.FunctionError) throw new Error(`live answered with a function error: ${Buffer.from(out.Payload ?? []).toString('utf8').slice(0, 300)}`);
      return fromRestApiResult(JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8')));
    },
  };
}
