/** Builtins imported as ES modules load through require in the bundle: no ESM facade, no undici. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeBinary } from '../../../../scripts/node-binary.mjs';
import { bundle } from './bundle.js';

/** Node 22 (Lambda's default runtime), whose node:http has lazy getters that load undici. */
const node22 = nodeBinary('22');

async function bundled(source: string): Promise<string> {
  const project = mkdtempSync(join(tmpdir(), 'tsappa-builtins-'));
  writeFileSync(join(project, 'package.json'), '{"name":"p","type":"module"}');
  const output = await bundle({
    projectDir: project,
    entryPoints: { entry: 'tsappa:test-entry' },
    virtualModules: { 'tsappa:test-entry': { contents: source, resolveDir: project, loader: 'js' } },
    runtime: 'nodejs22.x',
    external: [],
    bundleAwsSdk: false,
  });
  const out = mkdtempSync(join(tmpdir(), 'tsappa-builtins-out-'));
  for (const f of output.files) {
    mkdirSync(dirname(join(out, f.name)), { recursive: true });
    writeFileSync(join(out, f.name), f.contents);
  }
  return join(out, 'entry.mjs');
}

/** Runs the bundle in a fresh Node 22 and reports what it printed and whether undici was loaded. */
function run(entry: string): { printed: string; undici: boolean } {
  const script = `await import(${JSON.stringify(entry)}); console.log(JSON.stringify({ undici: process.moduleLoadList.some((m) => m.includes('undici')) }));`;
  const lines = execFileSync(node22.bin!, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim().split('\n');
  return { printed: lines.slice(0, -1).join('\n'), undici: (JSON.parse(lines.at(-1)!) as { undici: boolean }).undici };
}

describe.skipIf(node22.error)(`builtins imported as ES modules (Node 22${node22.error ? `: ${node22.error}` : ''})`, () => {
  it('keep working (named, default, namespace and dynamic imports) without loading undici', async () => {
    const entry = await bundled(
      [
        "import { STATUS_CODES, createServer } from 'node:http';",
        "import http from 'http';",
        "import * as crypto from 'node:crypto';",
        "const { join } = await import('node:path');",
        "console.log(STATUS_CODES[404], typeof createServer, http.STATUS_CODES === STATUS_CODES, crypto.createHash('sha256').update('a').digest('hex').slice(0, 8), join('a', 'b'));",
      ].join('\n'),
    );
    expect(run(entry)).toEqual({ printed: 'Not Found function true ca978112 a/b', undici: false });
  });

  it('the ES module import it replaces does load undici (what this saves)', async () => {
    const project = mkdtempSync(join(tmpdir(), 'tsappa-builtins-plain-'));
    const entry = join(project, 'entry.mjs');
    writeFileSync(entry, "import { STATUS_CODES } from 'node:http';\nconsole.log(STATUS_CODES[404]);");
    expect(run(entry)).toEqual({ printed: 'Not Found', undici: true });
  });

  it('a lazy export still works when the code uses it', async () => {
    const entry = await bundled("import { WebSocket } from 'node:http';\nconsole.log(typeof WebSocket);");
    expect(run(entry)).toEqual({ printed: 'function', undici: true });
  });
});
