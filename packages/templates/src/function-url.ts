/**
 * `apiType: "url"`: a Lambda Function URL on the `live` alias. `AuthType` AWS_IAM with
 * `iamAuthorization` (callers sign with SigV4 and need lambda:InvokeFunctionUrl themselves),
 * else NONE with a resource policy that lets anyone call the URL, and only through the URL.
 * Since October 2025 a new URL needs both lambda:InvokeFunctionUrl and lambda:InvokeFunction.
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html
 */
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import type { Context } from './context.js';
import { functionUrlCors } from './http-api-cors.js';
import { FUNCTION_URL_IDS } from './http-api-ids.js';
import { LOGICAL_IDS, OUTPUTS } from './ids.js';
import { getAtt } from './intrinsics.js';
import type { Fragment } from './model.js';
import type { CloudFormationResource } from './settings.js';

function publicPermission(ctx: Context, action: 'lambda:InvokeFunctionUrl' | 'lambda:InvokeFunction'): CloudFormationResource {
  const properties: Record<string, unknown> = { Action: action, FunctionName: ctx.aliasArn, Principal: '*' };
  if (action === 'lambda:InvokeFunctionUrl') properties.FunctionUrlAuthType = 'NONE';
  else properties.InvokedViaFunctionUrl = true;
  return { Type: 'AWS::Lambda::Permission', DependsOn: [ctx.aliasDependsOn], Properties: properties };
}

export function functionUrlFragment(ctx: Context): Fragment {
  const { settings } = ctx;
  const authType = settings.iamAuthorization ? 'AWS_IAM' : 'NONE';
  const properties: Record<string, unknown> = {
    TargetFunctionArn: getAtt(LOGICAL_IDS.function, 'Arn'),
    Qualifier: LIVE_ALIAS,
    AuthType: authType,
    InvokeMode: settings.responseStreaming ? 'RESPONSE_STREAM' : 'BUFFERED',
  };
  if (settings.cors) properties.Cors = functionUrlCors(settings.cors);
  const resources: Record<string, CloudFormationResource> = {
    [FUNCTION_URL_IDS.url]: { Type: 'AWS::Lambda::Url', DependsOn: [ctx.aliasDependsOn], Properties: properties },
  };
  if (authType === 'NONE') {
    resources[FUNCTION_URL_IDS.urlPermission] = publicPermission(ctx, 'lambda:InvokeFunctionUrl');
    resources[FUNCTION_URL_IDS.invokePermission] = publicPermission(ctx, 'lambda:InvokeFunction');
  }
  return {
    resources,
    outputs: { [OUTPUTS.apiUrl]: { Description: 'the Function URL of the live alias', Value: getAtt(FUNCTION_URL_IDS.url, 'FunctionUrl') } },
  };
}
