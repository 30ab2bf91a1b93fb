/**
 * The stage's `cors` as the native CORS configuration of an HTTP API (CorsConfiguration) and of
 * a Function URL (Cors). Both answer preflights themselves and add the headers to every
 * response, so neither needs the REST API's MOCK methods or gateway responses.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html#urls-cors
 */
import { TemplateError } from './model.js';
import type { CorsSettings } from './settings.js';

/** Function URLs take method names of at most 6 characters (OPTIONS is answered by Lambda itself). */
const URL_METHOD_MAX_LENGTH = 6;

function common(cors: CorsSettings, where: string): Record<string, unknown> {
  if (cors.allowCredentials && cors.allowOrigins.includes('*')) {
    throw new TemplateError(
      `cors: ${where} refuses allowCredentials with the origin "*"; list the allowed origins (e.g. "https://app.example.com")`,
    );
  }
  const config: Record<string, unknown> = {
    AllowOrigins: [...cors.allowOrigins],
    AllowCredentials: cors.allowCredentials,
  };
  if (cors.maxAge !== null) config.MaxAge = cors.maxAge;
  return config;
}

/** `AWS::ApiGatewayV2::Api` CorsConfiguration. */
export function httpApiCorsConfiguration(cors: CorsSettings): Record<string, unknown> {
  const config = common(cors, 'an HTTP API');
  if (cors.allowHeaders.length > 0) config.AllowHeaders = [...cors.allowHeaders];
  if (cors.allowMethods.length > 0) config.AllowMethods = [...cors.allowMethods];
  return config;
}

/** `AWS::Lambda::Url` Cors. */
export function functionUrlCors(cors: CorsSettings): Record<string, unknown> {
  const config = common(cors, 'a Function URL');
  if (cors.allowHeaders.length > 0) config.AllowHeaders = [...cors.allowHeaders];
  const methods = cors.allowMethods.filter((m) => m.length <= URL_METHOD_MAX_LENGTH);
  if (methods.length > 0) config.AllowMethods = methods;
  return config;
}
