/** Everything the concern modules share: the settings, the names and a few derived facts. */
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import { LOGICAL_IDS, stageNames, type StageNames } from './ids.js';
import { sub } from './intrinsics.js';
import type { ArtifactInput, TasksInput, TemplateInput } from './model.js';
import type { ResolvedSettings } from './settings.js';

export interface Context {
  settings: ResolvedSettings;
  artifact: ArtifactInput;
  tasks: TasksInput;
  names: StageNames;
  /** the `live` alias's ARN, built from the function's ARN (see `aliasDependsOn`) */
  aliasArn: { 'Fn::Sub': string };
  /**
   * Whatever invokes `aliasArn` depends on the alias resource: the ARN is built from the
   * function's rather than read from the alias, so it never hinges on the alias's `Ref`.
   */
  aliasDependsOn: string;
  /** the function's own ARN, built from its name (no reference, so the role can name it) */
  functionArnText: string;
  /** the log group exists outside the stack: not a resource of this template */
  existingLogGroup: boolean;
}

export function createContext(input: TemplateInput): Context {
  const names = stageNames(input.settings);
  return {
    settings: input.settings,
    artifact: input.artifact,
    tasks: input.tasks ?? {},
    names,
    aliasArn: sub(`\${${LOGICAL_IDS.function}.Arn}:${LIVE_ALIAS}`),
    aliasDependsOn: LOGICAL_IDS.alias,
    existingLogGroup: input.existingLogGroup === true,
    functionArnText: `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${names.function}`,
  };
}

/** The ARN's service (`arn:aws:sqs:...` -> `sqs`) and region. */
export function parseArn(arn: string): { service: string; region: string; account: string; resource: string } {
  const parts = arn.split(':');
  return {
    service: parts[2] ?? '',
    region: parts[3] ?? '',
    account: parts[4] ?? '',
    resource: parts.slice(5).join(':'),
  };
}
