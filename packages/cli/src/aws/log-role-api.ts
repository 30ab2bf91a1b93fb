/** The AWS side of deploy/apigateway-account.ts: API Gateway's GetAccount/UpdateAccount and IAM. */
import { GetAccountCommand, UpdateAccountCommand } from '@aws-sdk/client-api-gateway';
import { AttachRolePolicyCommand, CreateRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import type { LogRoleApi } from '../deploy/apigateway-account.js';
import { errorName, withApiGatewayRetry } from '../deploy/retry.js';
import type { AwsClients } from './clients.js';

export function logRoleApi(clients: AwsClients): LogRoleApi {
  return {
    async currentRoleArn() {
      const apigw = await clients.apiGateway();
      const account = await withApiGatewayRetry(() => apigw.send(new GetAccountCommand({})));
      return account.cloudwatchRoleArn || null;
    },
    async findRole(name) {
      try {
        return (await (await clients.iam()).send(new GetRoleCommand({ RoleName: name }))).Role?.Arn ?? null;
      } catch (error) {
        if (errorName(error) === 'NoSuchEntityException' || errorName(error) === 'NoSuchEntity') return null;
        throw error;
      }
    },
    async createRole(name, trustPolicy, description) {
      const created = await (await clients.iam()).send(
        new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trustPolicy), Description: description }),
      );
      if (!created.Role?.Arn) throw new Error(`IAM CreateRole returned no ARN for the role ${name}`);
      return created.Role.Arn;
    },
    async attachManagedPolicy(roleName, policyName, partition) {
      const policyArn = `arn:${partition}:iam::aws:policy/service-role/${policyName}`;
      await (await clients.iam()).send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }));
    },
    async setRoleArn(roleArn) {
      const apigw = await clients.apiGateway();
      await withApiGatewayRetry(() => apigw.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: roleArn }] })));
    },
  };
}
