/**
 * The template scanner over the settings matrix (test/matrix.ts): every rendered template passes
 * every policy rule (src/policy), except where a matrix case turns a control off on purpose;
 * those cases must show exactly the findings listed here, so a rule that stopped catching them
 * fails too. Each rule's own test (src/policy/*.test.ts) renders a template that breaks it.
 */
import { describe, expect, it } from 'vitest';
import { scanTemplate } from '../src/policy/index.js';
import { renderTemplate } from '../src/render.js';
import { MATRIX } from './matrix.js';

/** case name -> "rule resource" findings its settings ask for */
const EXPECTED: Record<string, string[]> = {
  // a topic the user declares in `resources`, written without KMS: the scanner flags user resources too
  'raw resources referencing generated ones': ['sns-topic-encrypted AlarmTopic'],
  // reportBatchItemFailures: false on the Kinesis and SQS sources
  'stream failure handling to given targets, SQS without partial batches, task topic with a customer key': [
    'polled-source-partial-batch EventSourceKinesis991c0ec15fMapping',
    'polled-source-partial-batch EventSourceSqs604584c5beMapping',
  ],
  // maximumRetryAttempts: -1 and onFailure: null on the stream
  'task topic with a customer key alias, stream failures kept nowhere': [
    'stream-source-failure-handling EventSourceKinesisa1064821aaMapping',
    'stream-source-failure-handling EventSourceKinesisa1064821aaMapping',
  ],
  // an HTTP API stage with accessLogging: false, throttle: false
  'HTTP API: JWT authorizer, no access logs, no throttle': ['api-stage-access-logs HttpApiStage', 'api-stage-throttle HttpApiStage'],
  // accessLogging: false, executionLogging: "off", throttle: false
  'API stage without access or execution logs and without a stage throttle': [
    'api-stage-access-logs ApiStage',
    'api-stage-execution-logs ApiStage',
    'api-stage-throttle ApiStage',
  ],
};

describe('policy rules over the settings matrix', () => {
  it('lists expectations only for cases the matrix has', () => {
    const names = new Set(MATRIX.map((c) => c.name));
    expect(Object.keys(EXPECTED).filter((name) => !names.has(name))).toEqual([]);
  });

  for (const c of MATRIX) {
    it(`${c.name}: ${EXPECTED[c.name] ? 'only the findings its settings ask for' : 'no finding'}`, () => {
      const findings = scanTemplate({ template: renderTemplate(c.input), settings: c.input.settings });
      expect(findings.map((f) => `${f.rule} ${f.resource}`)).toEqual(EXPECTED[c.name] ?? []);
    });
  }
});
