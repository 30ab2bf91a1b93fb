/**
 * The YAML output means what the JSON does: every matrix template, read back by PyYAML (which
 * comes with cfn-lint), equals its JSON. Skipped with a printed reason when PyYAML is missing.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderTemplate, serializeTemplate } from '../src/index.js';
import { MATRIX } from './matrix.js';

const SCRIPT = 'import sys, json, yaml\nprint(json.dumps([yaml.safe_load(d) for d in sys.stdin.read().split("\\n---\\n")]))';
const probe = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' });
const available = !probe.error && probe.status === 0;
if (!available) console.warn('skipping the YAML read-back test: python3 with PyYAML is not available');

describe.skipIf(!available)('YAML output', () => {
  it('reads back equal to the JSON template, for every matrix case', () => {
    const templates = MATRIX.map((c) => renderTemplate(c.input));
    const documents = templates.map((t) => serializeTemplate(t, { format: 'yaml' })).join('\n---\n');
    const run = spawnSync('python3', ['-c', SCRIPT], { input: documents, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(templates)));
  });
});
