import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { defaultBucketName, accountId } from '../aws/account.js';
import { createAwsClients } from '../aws/clients.js';
import type { GlobalOptions } from '../cli/context.js';
import { UsageError } from '../cli/errors.js';
import { describeDetection, detectProject } from '../init/detect.js';
import { SEARCH_PLACES, resolveStage, STAGE_NAME } from '../settings/index.js';
import { ambientRegion } from '../settings/resolve.js';
import type { MakeContext } from './types.js';

interface InitArgs extends GlobalOptions {
  force: boolean;
}

/** The settings file already in the project, if any (package.json counts only with a `tsappa` key). */
function existingSettings(dir: string): string | null {
  for (const place of SEARCH_PLACES) {
    const path = join(dir, place);
    if (!existsSync(path)) continue;
    if (place !== 'package.json') return place;
    try {
      if ((JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>).tsappa !== undefined) return 'package.json ("tsappa" key)';
    } catch {
      // an unreadable package.json holds no settings
    }
  }
  return null;
}

/** `tsappa-<accountId>-<region>` when credentials answer within a few seconds; null otherwise. */
async function suggestedBucket(region: string): Promise<string | null> {
  const clients = createAwsClients({ region, profile: null });
  try {
    const account = await Promise.race([
      accountId(clients),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
    ]);
    return defaultBucketName(account, region);
  } catch {
    return null;
  }
}

export function initCommand(makeContext: MakeContext): CommandModule<GlobalOptions, InitArgs> {
  return {
    command: 'init',
    describe: 'Write tsappa.json for an existing app (detects the app module and the framework)',
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .option('force', { type: 'boolean', default: false, describe: 'overwrite an existing settings file' })
        .example('$0 init', 'answer a few questions, detected answers offered as defaults')
        .example('$0 init --yes', 'take every detected answer without asking') as Argv<InitArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const dir = ctx.cwd;
      const existing = existingSettings(dir);
      if (existing && !argv.force) {
        throw new UsageError(`settings already exist in ${existing}; not overwriting`, 'pass --force to replace them with a new tsappa.json');
      }
      const detected = detectProject(dir);
      for (const note of detected.notes) ctx.output.warn(note);
      ctx.output.info(`Detected: ${describeDetection(detected)}`);

      const ask = ctx.prompter;
      const projectName = await ask.text('Project name (prefixes every AWS name)', detected.projectName, (v) => /^[A-Za-z0-9][A-Za-z0-9-]*$/.test(v) || 'letters, digits and "-"');
      const stage = await ask.text('Stage name', 'dev', (v) => STAGE_NAME.test(v) || 'letters, digits, "-" and "_"');
      const region = await ask.text('AWS region', (await ambientRegion(null)) ?? 'us-east-1', (v) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(v) || 'a region such as us-east-1');
      const bucketDefault = ask.interactive ? ((await suggestedBucket(region)) ?? '') : '';
      const bucket = await ask.text('Deployment bucket (empty: tsappa-<accountId>-<region>, created when missing)', bucketDefault);
      const app = await ask.text('App module and export (or a module that starts a server)', detected.app ?? 'src/app.ts:app');
      // appType goes with the module it was detected for
      const appType = app === detected.app && detected.appType !== 'auto' ? { appType: detected.appType } : {};

      const stageSettings: Record<string, unknown> = { app, ...appType, awsRegion: region, projectName, ...(bucket ? { s3Bucket: bucket } : {}) };
      const contents = { [stage]: stageSettings };
      const file = join(dir, 'tsappa.json');
      // Never write settings that do not validate.
      await resolveStage({ file, projectDir: dir, contents }, stage);
      await writeFile(file, `${JSON.stringify(contents, null, 2)}\n`);
      ctx.output.result({ file, framework: detected.framework, served: detected.kind, settings: contents }, () =>
        [
          `Wrote ${file}`,
          '',
          'Next:',
          `  tsappa settings ${stage}    # every setting, defaults filled in`,
        ].join('\n'),
      );
    },
  };
}
