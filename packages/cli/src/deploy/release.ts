/** One release of a stage: its package, where the package goes, and the template that runs it. */
import { createHash } from 'node:crypto';
import { renderTemplate, serializeTemplate, stackName, TemplateError, type CloudFormationTemplate, type ResolvedSettings } from '@tsappa/templates';
import type { Output } from '../cli/output.js';
import { CliError } from '../cli/errors.js';
import { buildPackage, type PackageResult } from '../package/index.js';

export interface Release {
  settings: ResolvedSettings;
  stack: string;
  bucket: string;
  pkg: PackageResult;
  template: CloudFormationTemplate;
  /** compact JSON, what the stack operation sends */
  body: string;
  /** first 16 hex of the body's sha256 */
  hash: string;
}

export interface ReleaseOptions {
  /** the stage's log group exists outside the stack: leave it out of the template */
  existingLogGroup?: boolean;
}

export function renderRelease(
  settings: ResolvedSettings,
  bucket: string,
  pkg: Pick<PackageResult, 'artifactKey' | 'handler' | 'sha256' | 'slimArchive'> & Partial<Pick<PackageResult, 'tasks'>>,
  options: ReleaseOptions = {},
): Omit<Release, 'pkg'> {
  let template: CloudFormationTemplate;
  try {
    template = renderTemplate({
      settings,
      artifact: {
        bucket,
        key: pkg.artifactKey,
        handler: pkg.handler,
        sha256: pkg.sha256,
        slimArchive: pkg.slimArchive ? { key: pkg.slimArchive.key, sha256: pkg.slimArchive.sha256 } : null,
      },
      // the task table only for code that defines tasks (package/task-usage.ts)
      ...(pkg.tasks ? { tasks: pkg.tasks } : {}),
      existingLogGroup: options.existingLogGroup === true,
    });
  } catch (error) {
    if (error instanceof TemplateError) throw new CliError(error.message, 2, `check the settings of stage "${settings.stage}" ("tsappa settings ${settings.stage}")`);
    throw error;
  }
  const body = serializeTemplate(template, { compact: true });
  return { settings, stack: stackName(settings), bucket, template, body, hash: createHash('sha256').update(body).digest('hex').slice(0, 16) };
}

export async function buildRelease(settings: ResolvedSettings, bucket: string, output: Output, options: ReleaseOptions = {}): Promise<Release> {
  const started = Date.now();
  const pkg = await buildPackage(settings, { onProgress: (message) => output.debug(`  ${message}`) });
  output.info(`Packaged ${pkg.artifactKey} (${(pkg.zippedBytes / 1024).toFixed(0)} KB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { ...renderRelease(settings, bucket, pkg, options), pkg };
}
