import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { serializeTemplate, needsS3TemplateUpload, TEMPLATE_BODY_LIMIT } from '@tsappa/templates';
import { accountId, defaultBucketName } from '../aws/account.js';
import { createAwsClients } from '../aws/clients.js';
import type { CommandContext, GlobalOptions } from '../cli/context.js';
import { loadStageFor } from '../cli/stage.js';
import { buildRelease } from '../deploy/release.js';
import type { ResolvedSettings } from '@tsappa/templates';
import type { MakeContext } from './types.js';

interface TemplateArgs extends GlobalOptions {
  stage?: string;
  output?: string;
  format: 'json' | 'yaml';
}

/** The account id shown in a default bucket name when no credentials answer. */
export const PLACEHOLDER_ACCOUNT = '000000000000';

/** `s3Bucket`, or the default bucket (from STS when credentials answer within a few seconds). */
async function bucketFor(ctx: CommandContext, settings: ResolvedSettings): Promise<string> {
  if (settings.s3Bucket) return settings.s3Bucket;
  const clients = createAwsClients({ region: settings.awsRegion, profile: settings.profile });
  try {
    const account = await Promise.race([
      accountId(clients),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), 5000).unref()),
    ]);
    return defaultBucketName(account, settings.awsRegion);
  } catch (error) {
    ctx.output.warn(
      `no AWS account answered (${(error as Error).message}): the default bucket is shown as ${defaultBucketName(PLACEHOLDER_ACCOUNT, settings.awsRegion)}; set "s3Bucket" or AWS credentials for the real name`,
    );
    return defaultBucketName(PLACEHOLDER_ACCOUNT, settings.awsRegion);
  }
}

export function templateCommand(makeContext: MakeContext): CommandModule<GlobalOptions, TemplateArgs> {
  return {
    command: 'template [stage]',
    describe: "Render the stage's CloudFormation template (packages the code to name its artifact)",
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one)' })
        .option('output', { alias: 'o', type: 'string', requiresArg: true, describe: 'write the template to this file instead of stdout' })
        .option('format', { choices: ['json', 'yaml'] as const, default: 'json' as const, describe: 'template format' })
        .example('$0 template dev', 'print the dev stack as JSON')
        .example('$0 template prod --format yaml -o prod.yaml', 'write it as YAML') as Argv<TemplateArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const settings = await loadStageFor(ctx, argv.stage);
      const release = await buildRelease(settings, await bucketFor(ctx, settings), ctx.output);
      const format = argv.json ? 'json' : argv.format;
      const text = serializeTemplate(release.template, { format });
      const resources = Object.keys(release.template.Resources).length;
      if (needsS3TemplateUpload(release.body)) {
        ctx.output.info(`The template is ${release.body.length} bytes (over ${TEMPLATE_BODY_LIMIT}): deploy uploads it to the bucket`);
      }
      if (argv.output) {
        const file = resolve(ctx.cwd, argv.output);
        await writeFile(file, text.endsWith('\n') ? text : `${text}\n`);
        ctx.output.result({ file, stack: release.stack, resources, bytes: release.body.length }, () => `Wrote ${file} (${resources} resources)`);
        return;
      }
      if (ctx.output.json) ctx.output.result(release.template, () => '');
      else ctx.output.result(null, () => text);
    },
  };
}
