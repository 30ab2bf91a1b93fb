/**
 * The ES module resolve hook the local function's containers register (`module.register`).
 *
 * Lambda's Node.js runtime resolves a bare specifier that is not in the package itself from the
 * `node_modules` directories on NODE_PATH (`/opt/nodejs/node_modules`, `/var/runtime/node_modules`:
 * the layers and the AWS SDK it provides), for `import` as well as `require`. Plain Node honours
 * NODE_PATH for `require` only, so serve adds the same lookup for `import` with this hook.
 *
 * Only NODE_PATH's node_modules directories hold packages (the task root, last on it, is for
 * `require` by a path from the root), and one is searched only when it holds the package
 * (`<entry>/<name>` exists), so the lookup never wanders into the directories above it. Like worker-script.ts it is kept as source
 * text, written next to the worker, so it runs the same from the compiled CLI and under vitest.
 */
export const NODE_PATH_HOOK_SOURCE = String.raw`
import { existsSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const entries = (process.env.NODE_PATH ?? '').split(delimiter).filter((entry) => basename(entry) === 'node_modules');

function isBare(specifier) {
  return !/^[./]/.test(specifier) && !/^[a-z][a-z0-9+.-]*:/i.test(specifier);
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier)) throw error;
    const name = packageName(specifier);
    for (const entry of entries) {
      if (!existsSync(join(entry, name))) continue;
      // resolving from a file beside the entry makes Node look in <entry's parent>/node_modules,
      // which is the entry itself for the node_modules directories NODE_PATH holds
      const parentURL = pathToFileURL(join(dirname(entry), '__tsappa_node_path__.mjs')).href;
      return nextResolve(specifier, { ...context, parentURL });
    }
    throw error;
  }
}
`;
