import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from './clients.js';

/** The AWS account id of the current credentials (STS GetCallerIdentity). */
export async function accountId(clients: AwsClients): Promise<string> {
  const identity = await (await clients.sts()).send(new GetCallerIdentityCommand({}));
  if (!identity.Account) throw new Error('STS GetCallerIdentity returned no account id');
  return identity.Account;
}

/** `tsappa-<accountId>-<region>`: the default deployment bucket, never random. */
export function defaultBucketName(account: string, region: string): string {
  return `tsappa-${account}-${region}`;
}
