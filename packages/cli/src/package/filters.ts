import picomatch from 'picomatch';

/**
 * What never leaves the machine, whatever `include` says. Matched against each path segment's
 * basename and the whole path, at any depth.
 */
export const SECRET_PATTERNS: readonly string[] = [
  '**/.env*',
  '**/.git',
  '**/.git/**',
  '**/.aws',
  '**/.aws/**',
  '**/.ssh/**',
  '**/*.pem',
  '**/*.key',
  '**/id_rsa*',
];

/** Development files left out of the app's own files (`bundle: false`); `include` can bring them back. */
export const DEV_FILE_PATTERNS: readonly string[] = [
  'node_modules/**',
  '.tsappa/**',
  '.turbo/**',
  'coverage/**',
  '**/.DS_Store',
  '**/*.log',
  '.vscode/**',
  '.idea/**',
  '.github/**',
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/*.test.*',
  '**/*.spec.*',
  '**/*.map',
  '**/*.md',
  '**/*.d.ts',
  '**/*.d.mts',
  '**/*.d.cts',
  'tsconfig*.json',
  'tsappa.json',
  'tsappa.config.*',
  'eslint.config.*',
  '.eslintrc*',
  '.prettierrc*',
  'vitest.config.*',
  'vite.config.*',
  'jest.config.*',
  'package-lock.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  '.yarn/**',
  '.pnp.*',
  '.gitignore',
  '.npmignore',
  '.editorconfig',
];

/** Files inside installed packages that Lambda never reads (tests, docs, TypeScript sources, maps). */
export const NODE_MODULES_PRUNE_PATTERNS: readonly string[] = [
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/.github/**',
  '**/coverage/**',
  '**/example/**',
  '**/examples/**',
  '**/docs/**',
  '**/*.md',
  '**/*.markdown',
  '**/*.map',
  '**/*.ts',
  '**/*.mts',
  '**/*.cts',
  '**/*.tsx',
  '**/tsconfig*.json',
  '**/.eslintrc*',
  '**/.prettierrc*',
  '**/.editorconfig',
  '**/.npmignore',
  '**/.travis.yml',
  '**/*.test.js',
  '**/*.spec.js',
  '**/*.tsbuildinfo',
  '**/.bin/**',
  '**/CHANGELOG*',
  '**/HISTORY*',
];

/** `.npmrc` lines that carry a credential. */
const NPMRC_TOKEN = /(_authToken|_auth|_password|(^|[:\s])token|username)\s*=/im;

export function npmrcHasToken(contents: string): boolean {
  return NPMRC_TOKEN.test(contents);
}

export type Matcher = (path: string) => boolean;

/** A matcher for `/`-separated relative paths; patterns without `/` match the basename at any depth. */
export function globMatcher(patterns: readonly string[]): Matcher {
  if (patterns.length === 0) return () => false;
  const withSlash = patterns.filter((p) => p.includes('/'));
  const bare = patterns.filter((p) => !p.includes('/'));
  const full = withSlash.length > 0 ? picomatch(withSlash, { dot: true }) : () => false;
  const base = bare.length > 0 ? picomatch(bare, { dot: true, basename: true }) : () => false;
  return (path) => full(path) || base(path) || (bare.length > 0 && anySegment(path, base));
}

/** `.git` as a bare pattern also covers everything below a `.git` directory. */
function anySegment(path: string, match: (p: string) => boolean): boolean {
  const segments = path.split('/');
  for (let i = 0; i < segments.length - 1; i++) {
    if (match(segments[i]!)) return true;
  }
  return false;
}

export const isSecretPath: Matcher = globMatcher(SECRET_PATTERNS);

/** `.npmrc` holding a token (or unreadable: treated as secret). */
export function isSecretFile(path: string, read: () => string): boolean {
  if (isSecretPath(path)) return true;
  if (path === '.npmrc' || path.endsWith('/.npmrc')) {
    try {
      return npmrcHasToken(read());
    } catch {
      return true;
    }
  }
  return false;
}
