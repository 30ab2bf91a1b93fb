/**
 * Whether the real-AWS suite runs (`npm run test:aws`), and against what.
 *
 * - `TSAPPA_E2E_AWS=1` with credentials: a real AWS account, in `TSAPPA_E2E_AWS_REGION`
 *   (else `AWS_REGION`, else us-east-1). It creates real resources, removes them at the end,
 *   and costs a few cents. Never under `CI=true`: CI has no account, and a suite that spends
 *   money must be asked for by a person.
 * - `TSAPPA_E2E_AWS=moto`: the same suite against a moto server the suite starts (with the
 *   project's patches), to rehearse the suite itself with no account.
 * - anything else: skipped, with the reason printed.
 */
export type AwsSuiteGate =
  | { run: true; target: 'aws'; region: string }
  | { run: true; target: 'moto' }
  | { run: false; reason: string };

type Env = Record<string, string | undefined>;

const truthy = (value: string | undefined) => value === 'true' || value === '1';

/** Credentials the SDK's default chain would find without a network call (env, profile or a container/instance role hint). */
export function credentialsHint(env: Env): string | null {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return 'AWS_ACCESS_KEY_ID';
  if (env.AWS_PROFILE) return `profile ${env.AWS_PROFILE}`;
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE) return 'web identity';
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return 'container credentials';
  return null;
}

export function awsSuiteGate(env: Env = process.env): AwsSuiteGate {
  const wanted = env.TSAPPA_E2E_AWS;
  if (wanted === 'moto') return { run: true, target: 'moto' };
  if (wanted !== '1') return { run: false, reason: 'set TSAPPA_E2E_AWS=1 (a real account, with credentials) or TSAPPA_E2E_AWS=moto (a rehearsal)' };
  if (truthy(env.CI)) return { run: false, reason: 'never under CI=true: the real-AWS suite creates billed resources and runs only when a person asks for it' };
  if (!credentialsHint(env)) {
    return { run: false, reason: 'no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY' };
  }
  return { run: true, target: 'aws', region: env.TSAPPA_E2E_AWS_REGION ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1' };
}
