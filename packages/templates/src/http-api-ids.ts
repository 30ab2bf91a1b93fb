/**
 * Logical ids and output names of the HTTP API (`apiType: "http"`) and the Function URL
 * (`apiType: "url"`). The stage's URL goes out under the REST API's output name
 * (`OUTPUTS.apiUrl`), so `deploy` and `status` print it whatever the type.
 */
export const HTTP_API_IDS = {
  api: 'HttpApi',
  stage: 'HttpApiStage',
  integration: 'HttpApiIntegration',
  defaultRoute: 'HttpApiDefaultRoute',
  rootPreflightRoute: 'HttpApiRootPreflightRoute',
  proxyPreflightRoute: 'HttpApiProxyPreflightRoute',
  accessLogGroup: 'HttpApiAccessLogGroup',
  permission: 'HttpApiInvokePermission',
  authorizer: 'HttpApiAuthorizer',
  authorizerPermission: 'HttpApiAuthorizerPermission',
} as const;

export const FUNCTION_URL_IDS = {
  url: 'FunctionUrl',
  /** lambda:InvokeFunctionUrl for anyone (AuthType NONE only) */
  urlPermission: 'FunctionUrlPublicPermission',
  /** lambda:InvokeFunction through the URL only (required of new URLs since October 2025) */
  invokePermission: 'FunctionUrlInvokePermission',
} as const;

export const API_TYPE_OUTPUTS = {
  /** with `apiType: "http"`: the HTTP API's id */
  httpApiId: 'HttpApiId',
} as const;

/** The HTTP API's one stage: `$default` serves at the API's root, with no stage in the path. */
export const HTTP_API_STAGE = '$default';
