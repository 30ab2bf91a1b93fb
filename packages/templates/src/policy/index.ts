/** The policy rules every rendered template is scanned with (test/policy.test.ts runs them over the matrix). */
import { stageAccessLogs, stageExecutionLogs, stageNoDataTrace, stageThrottle } from './api-stage.js';
import { noWildcardAction, noWriteOnEveryResource } from './iam.js';
import { partialBatchResponses, reservedConcurrencySet, streamFailureHandling } from './lambda.js';
import type { PolicyFinding, PolicyInput, PolicyRule } from './rule.js';
import { logGroupRetention, topicEncrypted } from './storage.js';

export type { PolicyFinding, PolicyInput, PolicyRule } from './rule.js';

export const POLICY_RULES: readonly PolicyRule[] = [
  stageAccessLogs,
  stageExecutionLogs,
  stageThrottle,
  stageNoDataTrace,
  noWildcardAction,
  noWriteOnEveryResource,
  logGroupRetention,
  topicEncrypted,
  reservedConcurrencySet,
  streamFailureHandling,
  partialBatchResponses,
];

/** Every finding of every rule, in rule order. */
export function scanTemplate(input: PolicyInput, rules: readonly PolicyRule[] = POLICY_RULES): PolicyFinding[] {
  return rules.flatMap((rule) => rule.check(input));
}
