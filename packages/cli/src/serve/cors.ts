/**
 * CORS as the deployed stage does it (packages/templates/src/cors.ts), so no OPTIONS request
 * reaches the app unless the stage's rules admit it:
 *
 * - On an open stage (no IAM, no authorizer, no API key) OPTIONS is a method like any other:
 *   it goes to the function, whose runtime answers real preflights without the app.
 * - On a protected stage the API's OPTIONS methods are MOCK integrations: API Gateway answers
 *   every OPTIONS itself with the preflight headers, and the function is never invoked.
 *
 * Errors API Gateway answers itself (401/403/5XX) carry the CORS headers through the DEFAULT_4XX
 * and DEFAULT_5XX gateway responses, when the allowed origin is one static value.
 */
import { PREFLIGHT_STATUS, preflightStaticHeaders, staticAllowOrigin, type CorsSettings, type ResolvedSettings } from '@tsappa/templates';
import type { HttpAnswer } from './proxy-event.js';

export { staticAllowOrigin };

type StageAuth = Pick<ResolvedSettings, 'cors' | 'iamAuthorization' | 'authorizer' | 'apiKeyRequired'>;

/** Does every app method require credentials or an API key (which a preflight never carries)? */
export function isProtectedStage(settings: StageAuth): boolean {
  return settings.iamAuthorization || settings.authorizer !== null || settings.apiKeyRequired;
}

/** The Access-Control-Allow-Origin the MOCK's mapping template echoes, or null. */
function echoedOrigin(cors: CorsSettings, origin: string | undefined): string | null {
  if (!origin) return null;
  return cors.allowOrigins.includes('*') || cors.allowOrigins.includes(origin) ? origin : null;
}

/**
 * The answer of the stage's MOCK OPTIONS method, or null when the request goes through the
 * stage's auth to the function like any other (no cors, an open stage, or not OPTIONS).
 */
export function mockPreflight(settings: StageAuth, method: string, origin: string | undefined): HttpAnswer | null {
  const cors = settings.cors;
  if (!cors || method !== 'OPTIONS' || !isProtectedStage(settings)) return null;
  const headers = Object.entries(preflightStaticHeaders(cors)).flat();
  if (staticAllowOrigin(cors) === null) {
    const echoed = echoedOrigin(cors, origin);
    if (echoed !== null) headers.push('Access-Control-Allow-Origin', echoed);
  }
  return { statusCode: PREFLIGHT_STATUS, headers: ['Content-Type', 'application/json', ...headers], body: Buffer.alloc(0) };
}

/** Adds the gateway responses' CORS headers to an answer API Gateway produced itself. */
export function withCorsHeaders(answer: HttpAnswer, cors: CorsSettings | false): HttpAnswer {
  if (!cors) return answer;
  const origin = staticAllowOrigin(cors);
  if (origin === null) return answer;
  const headers = [...answer.headers, 'Access-Control-Allow-Origin', origin];
  if (cors.allowHeaders.length > 0) headers.push('Access-Control-Allow-Headers', cors.allowHeaders.join(','));
  if (cors.allowMethods.length > 0) headers.push('Access-Control-Allow-Methods', cors.allowMethods.join(','));
  if (cors.allowCredentials) headers.push('Access-Control-Allow-Credentials', 'true');
  return { ...answer, headers };
}
