/**
 * The `dev_auth` stage's TOKEN authorizer. It runs inside the stage's own function: API Gateway
 * calls it with the `Authorization` header and caches its policy for `resultTtl` seconds.
 * Tokens are the comma-separated `QUOTE_API_TOKENS` (a demo: keep real secrets in `remoteEnv`).
 *   no or malformed header  -> 401 (unauthorized())
 *   unknown token           -> 403 (a Deny policy)
 *   known token             -> Allow, with the caller's name in $context.authorizer.user
 */
import { allow, deny, unauthorized, type AuthorizerResult } from '@tsappa/runtime';

export interface TokenAuthorizerEvent {
  type: 'TOKEN';
  authorizationToken?: string;
  methodArn: string;
}

function tokens(): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of (process.env.QUOTE_API_TOKENS ?? '').split(',')) {
    const [user, token] = entry.includes(':') ? entry.split(':', 2) : ['user', entry];
    if (token?.trim()) map.set(token.trim(), (user ?? 'user').trim());
  }
  return map;
}

export async function authorize(event: TokenAuthorizerEvent): Promise<AuthorizerResult> {
  const match = /^Bearer (\S+)$/.exec(event.authorizationToken ?? '');
  if (!match) throw unauthorized();
  const token = match[1] as string;
  const user = tokens().get(token);
  if (!user) return deny(event, 'anonymous');
  return allow(event, user, { context: { user } });
}
