/**
 * The shapes `renderTemplate` takes and returns, and the error it throws for settings it cannot
 * turn into a stack.
 */
import type { CloudFormationResource, PolicyStatement, ResolvedSettings } from './settings.js';

/** The code the stage runs: where the packager uploaded it, and the entry's handler. */
export interface ArtifactInput {
  /** the deployment bucket (resolved: `s3Bucket` or `tsappa-<accountId>-<region>`) */
  bucket: string;
  /** the zip's key in the bucket */
  key: string;
  /** the Lambda handler of the generated entry, e.g. `tsappa_entry.handler` */
  handler: string;
  /** `slimHandler`: the app archive loaded into /tmp at cold start */
  slimArchive?: { key: string; sha256: string } | null;
  /** the zip's sha256 (any encoding); only feeds the published version's fingerprint */
  sha256?: string | null;
}

/** What the packager learnt about the stage's tasks (optional: safe defaults when unknown). */
export interface TasksInput {
  /**
   * Whether the package uses tasks (`task()`, `@task()`, `run()` or `getTaskResult()` of @tsappa/runtime
   * reachable from its code). `undefined` (unknown) counts as `true`; `false` leaves the task
   * table and its permissions out.
   */
  defined?: boolean;
  /**
   * Whether any task captures its response. `undefined` (unknown) counts as `true`, so
   * `getTaskResult` always has its table unless the packager says no task needs it.
   */
  captureResponse?: boolean;
  /**
   * Functions named by tasks' `remoteFunctionName` (a name or an ARN, with `remoteRegion`):
   * the role may invoke them.
   */
  remoteFunctions?: { name: string; region?: string | null }[];
}

export interface TemplateInput {
  settings: ResolvedSettings;
  artifact: ArtifactInput;
  tasks?: TasksInput;
  /**
   * The function's log group (`/aws/lambda/<stack>`) exists and this stack does not own it: it
   * was kept by an earlier `undeploy` without `--remove-logs` (or a failed first create). The
   * template then leaves the log group out (creating it would fail: "already exists"), and the
   * deploy sets its retention with PutRetentionPolicy. Rule for the CLI: pass true when the
   * group exists and the stack has no `FunctionLogGroup` resource.
   */
  existingLogGroup?: boolean;
}

export interface CloudFormationOutput {
  Description: string;
  Value: unknown;
}

export interface CloudFormationTemplate {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Resources: Record<string, CloudFormationResource>;
  Outputs: Record<string, CloudFormationOutput>;
}

/** Settings that cannot become a stack (a clash, a contradiction, a name too long...). */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** What one concern contributes to the stack. */
export interface Fragment {
  resources?: Record<string, CloudFormationResource>;
  outputs?: Record<string, CloudFormationOutput>;
  /** statements for the generated execution role */
  statements?: PolicyStatement[];
  /** environment variables for the function */
  environment?: Record<string, unknown>;
}
