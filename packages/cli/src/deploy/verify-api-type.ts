/**
 * The read-back of what fronts an `apiType: "http"` or `"url"` stage: its HTTP API
 * (verify-http-api.ts) or its Function URL (verify-function-url.ts). A REST API's methods are
 * verify-api.ts's.
 */
import { API_TYPE_OUTPUTS, type ResolvedSettings } from '@tsappa/templates';
import type { AwsClients } from '../aws/clients.js';
import { expectedFunctionUrl, verifyFunctionUrl, type FunctionUrlReadBack } from './verify-function-url.js';
import { expectedHttpApi, verifyHttpApi, type HttpApiReadBack } from './verify-http-api.js';

export interface ApiTypeReadBack {
  httpApi: Omit<HttpApiReadBack, 'differences'> | null;
  functionUrl: Omit<FunctionUrlReadBack, 'differences'> | null;
  differences: string[];
}

export async function readBackApiType(clients: AwsClients, settings: ResolvedSettings, outputs: Record<string, string>, functionName: string): Promise<ApiTypeReadBack> {
  const apiType = settings.apiType ?? 'rest';
  if (!settings.apiGateway || apiType === 'rest') return { httpApi: null, functionUrl: null, differences: [] };
  if (apiType === 'url') {
    const { differences, ...functionUrl } = await verifyFunctionUrl(await clients.lambda(), expectedFunctionUrl(settings, functionName));
    return { httpApi: null, functionUrl, differences };
  }
  const apiId = outputs[API_TYPE_OUTPUTS.httpApiId];
  if (!apiId) return { httpApi: null, functionUrl: null, differences: [`the stack has no ${API_TYPE_OUTPUTS.httpApiId} output: the HTTP API could not be read`] };
  const { differences, ...httpApi } = await verifyHttpApi(await clients.apiGatewayV2(), expectedHttpApi(settings, { apiId, functionName }));
  return { httpApi, functionUrl: null, differences };
}

/** The part of the read-back line about the HTTP API or the Function URL ("" for neither). */
export function apiTypeLine(readBack: Pick<ApiTypeReadBack, 'httpApi' | 'functionUrl'>): string {
  if (readBack.httpApi) return `; HTTP API routes ${readBack.httpApi.routes.map((r) => `${r.routeKey} ${r.authorizationType}`).join(', ') || '(none)'}`;
  if (readBack.functionUrl) return `; Function URL ${readBack.functionUrl.authType ?? '(none)'} ${readBack.functionUrl.invokeMode ?? ''}`.trimEnd();
  return '';
}
