import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from './clients.js';

/** The AWS account id of the current credentials (STS GetCallerIdentity). */
export async function accountId(clients: AwsClients): Promise<string> {
  const identity = await (await clients.sts()).send(new GetCallerIdentityCommand({}));
  if (!identity.Account) throw new Error('STS GetCallerIdentity returned no account id');
  return identity.Account;
}

/** The account id inside an ARN (arn:partition:service:region:account:...), or null. */
export function arnAccount(arn: string | undefined): string | null {
  const account = arn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : null;
}

/** `tsappa-<accountId>-<region>`: the default deployment bucket, never random. */
export function defaultBucketName(account: string, region: string): string {
  return `tsappa-${account}-${region}`;
}
