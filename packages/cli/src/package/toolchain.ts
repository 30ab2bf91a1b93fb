/**
 * Build tools that never belong in a Lambda package, wherever a project lists them
 * (`dependencies` or not): tsappa itself and the compilers it drives. The runtime
 * (`@tsappa/runtime`) is not one of them: the entry imports it.
 */
const TOOLCHAIN_NAMES = new Set(['tsappa', 'esbuild', 'typescript', '@vercel/nft', 'ts-node', 'tsx', '@swc/core', '@swc/cli']);
const TOOLCHAIN_SCOPES = ['@esbuild/', '@swc/core-'];

export function isToolchainPackage(name: string): boolean {
  return TOOLCHAIN_NAMES.has(name) || TOOLCHAIN_SCOPES.some((scope) => name.startsWith(scope));
}

/** The AWS SDK v3 comes with Lambda's Node.js runtime (unless `--bundle-aws-sdk`). */
export function isRuntimeProvidedPackage(name: string): boolean {
  return name.startsWith('@aws-sdk/') || name.startsWith('@smithy/') || name.startsWith('@aws-crypto/');
}
