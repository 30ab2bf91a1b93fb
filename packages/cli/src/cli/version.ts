/**
 * The version `tsappa --version` prints: the tsappa package's own, read from its package.json
 * (yargs' default looks for the package.json of the running script's caller and finds none).
 */
import { createRequire } from 'node:module';

/** Both src/cli/version.ts and dist/cli/version.js sit two levels below the package root. */
const MANIFEST = '../../package.json';

export function cliVersion(): string {
  const manifest: unknown = createRequire(import.meta.url)(MANIFEST);
  const version = (manifest as { version?: unknown } | null)?.version;
  if (typeof version !== 'string' || version === '') {
    throw new Error(`the tsappa package.json (${MANIFEST} from ${import.meta.url}) has no "version": expected a version string`);
  }
  return version;
}
