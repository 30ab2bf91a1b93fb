/**
 * The AWS around a locally served function: the stage's declared DynamoDB tables in dynalite
 * (./local-tables.ts), every other AWS call sent to the emulator the user runs (`--aws-endpoint`)
 * or refused locally (./unemulated-aws.ts), and local credentials, so the function's SDK never
 * reaches a real account. `prepare(settings)` gives the environment variables that point the
 * function's SDK there (the SDK reads `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_DYNAMODB`).
 */
import { stackName, type ResolvedSettings } from '@tsappa/templates';
import { IntrinsicError, resolveIntrinsics, type IntrinsicContext } from './cfn-intrinsics.js';
import { LOCAL_ACCOUNT_ID } from './index.js';
import { declaredTables, startLocalTables, type LocalTables } from './local-tables.js';
import { startUnemulatedAws, type UnemulatedAws } from './unemulated-aws.js';

export { IntrinsicError } from './cfn-intrinsics.js';

export interface LocalServicesOptions {
  /** the emulator (LocalStack, moto) that gets the function's other AWS calls */
  awsEndpoint?: string;
  /** keep the tables' data in this folder (default: in memory, for the session) */
  persistDir?: string;
  log: (line: string) => void;
}

export interface LocalServices {
  /** creates the stage's tables (those not there yet) and returns the function's AWS environment; throws an IntrinsicError on a bad setting */
  prepare(settings: ResolvedSettings): Promise<Record<string, string>>;
  /** the local DynamoDB endpoint, once a table is declared */
  readonly dynamoEndpoint: string | null;
  close(): Promise<void>;
}

/** The place of the stage in CloudFormation's terms, for resolving intrinsics. */
export function intrinsicContext(settings: ResolvedSettings): IntrinsicContext {
  return { stackName: stackName(settings), region: settings.awsRegion, accountId: LOCAL_ACCOUNT_ID, resources: settings.resources as Record<string, unknown> };
}

/** Checks that the stage's policies resolve; a policy naming something local serve does not know is a warning (policies are not enforced locally). */
function checkPolicies(settings: ResolvedSettings, ctx: IntrinsicContext, log: (line: string) => void): void {
  settings.extraPolicies.forEach((statement, i) => {
    try {
      resolveIntrinsics(statement, ctx, `extraPolicies[${i}]`);
    } catch (error) {
      if (!(error instanceof IntrinsicError)) throw error;
      log(`warning: ${error.message} (policies are not enforced locally; deployed, CloudFormation resolves it)`);
    }
  });
}

export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  const { log } = options;
  let tables: LocalTables | null = null;
  let unemulated: UnemulatedAws | null = null;
  if (!options.awsEndpoint) unemulated = await startUnemulatedAws(log);
  const otherCalls = options.awsEndpoint ?? (unemulated as UnemulatedAws).endpoint;
  log(
    options.awsEndpoint
      ? `the function's AWS calls go to ${options.awsEndpoint} (--aws-endpoint), except those to the declared tables`
      : 'the function reaches no real AWS account: AWS calls other than to the declared tables fail until you pass --aws-endpoint URL (LocalStack, moto)',
  );

  return {
    get dynamoEndpoint() {
      return tables?.endpoint ?? null;
    },
    async prepare(settings) {
      const ctx = intrinsicContext(settings);
      const definitions = declaredTables(ctx);
      checkPolicies(settings, ctx, log);
      const env: Record<string, string> = {
        AWS_ENDPOINT_URL: otherCalls,
        // Lambda gives the function its role's credentials; locally, credentials that are no one's
        AWS_ACCESS_KEY_ID: 'ASIALOCALTSAPPASERVE',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_SESSION_TOKEN: 'local',
      };
      if (definitions.length === 0) return env;
      if (!tables) {
        tables = await startLocalTables({ ...(options.persistDir ? { persistDir: options.persistDir } : {}), log });
        log(`local DynamoDB (dynalite) at ${tables.endpoint}, ${options.persistDir ? `data kept in ${options.persistDir}` : 'data kept for this session (--persist keeps it)'}`);
      }
      for (const { table, outcome } of await tables.ensure(definitions)) {
        log(`table ${table.create.TableName} (${table.logicalId}) ${outcome}${table.ttlAttribute ? `, TTL on ${table.ttlAttribute}` : ''}`);
      }
      return { ...env, AWS_ENDPOINT_URL_DYNAMODB: tables.endpoint };
    },
    async close() {
      await Promise.all([tables?.close(), unemulated?.close()]);
    },
  };
}
