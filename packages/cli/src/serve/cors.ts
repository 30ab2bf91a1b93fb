/**
 * CORS as the deployed stage does it (packages/templates/src/cors.ts): with `cors` set, `OPTIONS`
 * on every path goes to the function with no authorization and no API key (a browser's preflight
 * carries neither), and the runtime answers it from the stage's `cors` settings. Errors API
 * Gateway answers itself (401/403/5XX) carry the CORS headers through the DEFAULT_4XX and
 * DEFAULT_5XX gateway responses, when the allowed origin is one static value.
 */
import type { CorsSettings } from '@tsappa/templates';
import type { HttpAnswer } from './proxy-event.js';

/** The static Access-Control-Allow-Origin of the gateway responses, or null when several origins are allowed. */
export function staticAllowOrigin(cors: CorsSettings): string | null {
  if (cors.allowOrigins.includes('*')) return cors.allowCredentials ? null : '*';
  return cors.allowOrigins.length === 1 ? (cors.allowOrigins[0] ?? null) : null;
}

/** Is this request a preflight the deployed API would send to the function without auth? */
export function bypassesAuth(cors: CorsSettings | false, method: string): boolean {
  return cors !== false && method === 'OPTIONS';
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
