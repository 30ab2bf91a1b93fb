/** The `runtime` setting: Node 24 by default, 20 and 22 selectable, the runtime's tests run on each. */
import { describe, expect, it } from 'vitest';
import { RUNTIME_NODE_MAJORS } from '../../../../scripts/node-majors.mjs';
import { esbuildTarget } from '../package/bundle.js';
import { applyDefaults, type StageContext } from './defaults.js';
import { stageSchema } from './schema.js';

const context: StageContext = { stage: 'dev', configFile: '/p/tsappa.json', projectDir: '/p', packageName: 'app', ambientRegion: () => null };
const runtimeChoices = stageSchema.shape.runtime.unwrap().options;

describe('runtime', () => {
  it('defaults to nodejs24.x', () => {
    expect(applyDefaults(stageSchema.parse({ app: 'src/app.ts:app' }), context, 'us-east-1').runtime).toBe('nodejs24.x');
  });

  it('keeps nodejs20.x and nodejs22.x selectable', () => {
    for (const runtime of ['nodejs20.x', 'nodejs22.x', 'nodejs24.x'] as const) {
      expect(applyDefaults(stageSchema.parse({ app: 'src/app.ts:app', runtime }), context, 'us-east-1').runtime).toBe(runtime);
    }
    expect(stageSchema.safeParse({ runtime: 'nodejs18.x' }).success).toBe(false);
  });

  it('runs the runtime package tests on the Node of every choice (scripts/runtime-node-matrix.mjs)', () => {
    expect(runtimeChoices.map((choice) => choice.replace(/^nodejs(\d+)\.x$/, '$1')).sort()).toEqual([...RUNTIME_NODE_MAJORS].sort());
  });

  it('bundles for the chosen runtime', () => {
    expect(runtimeChoices.map(esbuildTarget)).toEqual(['node20', 'node22', 'node24']);
  });
});
