/**
 * CORS. The preflight is answered by the stage's function, through the same Lambda proxy
 * integration as every other request: explicit `OPTIONS` methods on `/` and `/{proxy+}` that
 * need no authorization and no API key (a browser's preflight carries neither), integrated
 * with the `live` alias. The runtime answers them from the stage's `cors` settings.
 *
 * Why not a MOCK integration: with `binarySupport` (binary media type `*\/*`) a MOCK preflight
 * needs content-handling workarounds, and moto's create-stack crashes on a MOCK method without
 * an integration URI. The proxy integration behaves the same on AWS and moto, and with binary
 * support on or off.
 *
 * Errors API Gateway itself answers (401/403 from auth, 429 from throttling, 5XX) never reach
 * the function, so DEFAULT_4XX/DEFAULT_5XX gateway responses carry the CORS headers too —
 * when the allowed origin is a single value (`*` or one origin), which a static header can say.
 */
import type { Context } from './context.js';
import { LOGICAL_IDS } from './ids.js';
import { ref } from './intrinsics.js';
import type { CloudFormationResource, CorsSettings } from './settings.js';

const quote = (value: string) => `'${value.replace(/'/g, '')}'`;

/** The static origin header value, or null when several origins are allowed. */
export function staticAllowOrigin(cors: CorsSettings): string | null {
  if (cors.allowOrigins.includes('*')) return cors.allowCredentials ? null : '*';
  return cors.allowOrigins.length === 1 ? cors.allowOrigins[0]! : null;
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
