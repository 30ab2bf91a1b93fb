/**
 * CORS. No request reaches the app unless the stage's rules admit it, OPTIONS included:
 *
 * - A stage with no protection (no IAM, no authorizer, no API key) needs no OPTIONS method of
 *   its own: `ANY` takes OPTIONS like every other method, the function receives it, and the
 *   runtime answers real preflights from the stage's `cors` settings without the app.
 * - A protected stage cannot send preflights through its protection (a browser's preflight
 *   carries no credentials and no API key), so `/` and `/{proxy+}` get `OPTIONS` methods with
 *   no authorization and a MOCK integration: API Gateway answers every OPTIONS itself, with the
 *   CORS headers, and never invokes the function. An unsigned OPTIONS reaches no app code.
 *
 * With `binarySupport` (binary media type `*\/*`) a MOCK integration must convert the request
 * to text (`ContentHandling: CONVERT_TO_TEXT`), or API Gateway answers 500:
 * https://serverlessland.com/snippets/apigateway-mock-integration-binary-media-types and
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings-workflow.html
 * Several allowed origins (or `*` with credentials) are echoed by the integration response's
 * mapping template through `$context.responseOverride.header`:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html
 *
 * Errors API Gateway itself answers (401/403 from auth, 429 from throttling, 5XX) never reach
 * the function, so DEFAULT_4XX/DEFAULT_5XX gateway responses carry the CORS headers too —
 * when the allowed origin is a single value (`*` or one origin), which a static header can say.
 */
import { methodAuth } from './auth.js';
import type { Context } from './context.js';
import { LOGICAL_IDS } from './ids.js';
import { getAtt, ref } from './intrinsics.js';
import { TemplateError } from './model.js';
import type { CloudFormationResource, CorsSettings } from './settings.js';

const quote = (value: string) => `'${value.replace(/'/g, '')}'`;

/** The status a MOCK preflight answers with. */
export const PREFLIGHT_STATUS = 204;

/** The static origin header value, or null when several origins are allowed. */
export function staticAllowOrigin(cors: CorsSettings): string | null {
  if (cors.allowOrigins.includes('*')) return cors.allowCredentials ? null : '*';
  return cors.allowOrigins.length === 1 ? cors.allowOrigins[0]! : null;
}

/** Does every app method require credentials or an API key (which a preflight never carries)? */
export function isProtectedStage(ctx: Context): boolean {
  const auth = methodAuth(ctx);
  return auth.AuthorizationType !== 'NONE' || auth.ApiKeyRequired;
}

/** The preflight's static headers (name → value), the origin included when it is one value. */
export function preflightStaticHeaders(cors: CorsSettings): Record<string, string> {
  const headers: Record<string, string> = {};
  const origin = staticAllowOrigin(cors);
  if (origin !== null) headers['Access-Control-Allow-Origin'] = origin;
  if (origin !== '*') headers.Vary = 'Origin';
  if (cors.allowMethods.length > 0) headers['Access-Control-Allow-Methods'] = cors.allowMethods.join(',');
  if (cors.allowHeaders.length > 0) headers['Access-Control-Allow-Headers'] = cors.allowHeaders.join(',');
  if (cors.maxAge !== null) headers['Access-Control-Max-Age'] = String(cors.maxAge);
  if (cors.allowCredentials) headers['Access-Control-Allow-Credentials'] = 'true';
  return headers;
}

/** Characters that would let an origin escape the VTL string it is compared in. */
const VTL_UNSAFE = /["'$#\\\r\n]/;

/**
 * The integration response's mapping template: empty body; with several allowed origins (or `*`
 * with credentials), the request's Origin echoed when it is allowed.
 */
export function preflightResponseTemplate(cors: CorsSettings): string {
  if (staticAllowOrigin(cors) !== null) return '';
  const any = cors.allowOrigins.includes('*');
  for (const origin of cors.allowOrigins) {
    if (VTL_UNSAFE.test(origin)) throw new TemplateError(`cors.allowOrigins: expected origins like "https://app.example.com", found ${JSON.stringify(origin)}`);
  }
  const test = any ? '$origin != ""' : cors.allowOrigins.map((o) => `$origin == "${o}"`).join(' || ');
  return [
    '#set($origin = $input.params().header.get("Origin"))',
    '#if(!$origin)#set($origin = $input.params().header.get("origin"))#end',
    '#if(!$origin)#set($origin = "")#end',
    `#if(${test})#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)#end`,
  ].join('\n');
}

function preflightMethod(ctx: Context, cors: CorsSettings, onProxyResource: boolean): CloudFormationResource {
  const headers = { ...preflightStaticHeaders(cors) };
  const declared = new Set([...Object.keys(headers), 'Access-Control-Allow-Origin']);
  const responseParameters = Object.fromEntries(Object.entries(headers).map(([name, value]) => [`method.response.header.${name}`, quote(value)]));
  const properties: Record<string, unknown> = {
    RestApiId: ref(LOGICAL_IDS.restApi),
    ResourceId: onProxyResource ? ref(LOGICAL_IDS.proxyResource) : getAtt(LOGICAL_IDS.restApi, 'RootResourceId'),
    HttpMethod: 'OPTIONS',
    AuthorizationType: 'NONE',
    ApiKeyRequired: false,
    Integration: {
      Type: 'MOCK',
      ContentHandling: 'CONVERT_TO_TEXT',
      PassthroughBehavior: 'WHEN_NO_MATCH',
      RequestTemplates: { 'application/json': `{"statusCode": ${PREFLIGHT_STATUS}}` },
      IntegrationResponses: [
        {
          StatusCode: String(PREFLIGHT_STATUS),
          ResponseParameters: responseParameters,
          ResponseTemplates: { 'application/json': preflightResponseTemplate(cors) },
        },
      ],
    },
    MethodResponses: [
      {
        StatusCode: String(PREFLIGHT_STATUS),
        ResponseParameters: Object.fromEntries([...declared].sort().map((name) => [`method.response.header.${name}`, false])),
      },
    ],
  };
  if (onProxyResource) properties.RequestParameters = { 'method.request.path.proxy': true };
  return { Type: 'AWS::ApiGateway::Method', Properties: properties };
}

/**
 * The OPTIONS methods a stage needs: none when the stage is open (ANY takes OPTIONS to the
 * function, which answers preflights); MOCK preflight answers when it is protected.
 */
export function preflightMethods(ctx: Context): Record<string, CloudFormationResource> {
  const cors = ctx.settings.cors;
  if (!cors || !isProtectedStage(ctx)) return {};
  return {
    [LOGICAL_IDS.rootOptionsMethod]: preflightMethod(ctx, cors, false),
    [LOGICAL_IDS.proxyOptionsMethod]: preflightMethod(ctx, cors, true),
  };
}

/** The gateway responses adding CORS headers to API Gateway's own errors. */
export function corsGatewayResponses(ctx: Context): Record<string, CloudFormationResource> {
  const cors = ctx.settings.cors;
  if (!cors) return {};
  const origin = staticAllowOrigin(cors);
  if (origin === null) return {};
  const parameters: Record<string, string> = {
    'gatewayresponse.header.Access-Control-Allow-Origin': quote(origin),
  };
  if (cors.allowHeaders.length > 0) {
    parameters['gatewayresponse.header.Access-Control-Allow-Headers'] = quote(cors.allowHeaders.join(','));
  }
  if (cors.allowMethods.length > 0) {
    parameters['gatewayresponse.header.Access-Control-Allow-Methods'] = quote(cors.allowMethods.join(','));
  }
  if (cors.allowCredentials) parameters['gatewayresponse.header.Access-Control-Allow-Credentials'] = quote('true');
  const response = (type: string): CloudFormationResource => ({
    Type: 'AWS::ApiGateway::GatewayResponse',
    Properties: { RestApiId: ref(LOGICAL_IDS.restApi), ResponseType: type, ResponseParameters: parameters },
  });
  return {
    [LOGICAL_IDS.gatewayResponse4xx]: response('DEFAULT_4XX'),
    [LOGICAL_IDS.gatewayResponse5xx]: response('DEFAULT_5XX'),
  };
}
