import { describe, expect, it } from 'vitest';
import { globMatcher, isSecretFile, isSecretPath, npmrcHasToken } from './filters.js';

describe('secret and glob filters', () => {
  it.each([
    '.env',
    '.env.local',
    'config/.env.production',
    '.git/config',
    'sub/.git/HEAD',
    '.aws/credentials',
    'certs/server.pem',
    'server.key',
    'id_rsa',
    'home/id_rsa.pub',
    '.ssh/id_ed25519',
  ])('%s is a secret', (path) => {
    expect(isSecretPath(path)).toBe(true);
  });

  it.each(['src/app.js', 'keys.js', 'environment.js', 'public/key.txt', 'git/readme.txt'])('%s is not a secret', (path) => {
    expect(isSecretPath(path)).toBe(false);
  });

  it('treats .npmrc as secret only when it holds a credential', () => {
    expect(npmrcHasToken('//registry.npmjs.org/:_authToken=npm_abc\n')).toBe(true);
    expect(npmrcHasToken('_auth = dXNlcjpwYXNz')).toBe(true);
    expect(npmrcHasToken('registry=https://registry.npmjs.org/\nsave-exact=true\n')).toBe(false);
    expect(isSecretFile('.npmrc', () => 'always-auth=true\n//r/:_password=x')).toBe(true);
    expect(isSecretFile('.npmrc', () => 'save-exact=true')).toBe(false);
  });

  it('matches bare patterns against basenames at any depth, others against the whole path', () => {
    const match = globMatcher(['*.md', 'docs/**', 'node_modules/big-lib/**']);
    expect(match('README.md')).toBe(true);
    expect(match('a/b/CHANGES.md')).toBe(true);
    expect(match('docs/x/y.txt')).toBe(true);
    expect(match('src/docs/y.txt')).toBe(false);
    expect(match('node_modules/big-lib/index.js')).toBe(true);
    expect(match('src/app.js')).toBe(false);
    expect(globMatcher([])('anything')).toBe(false);
  });
});
