import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { loadStageFor } from '../cli/stage.js';
import { deployStage } from '../deploy/deploy.js';
import { reportCalls, stageClients } from '../deploy/stage-clients.js';
import type { MakeContext } from './types.js';

interface DeployArgs extends GlobalOptions {
  stage?: string;
}

export function deployCommand(makeContext: MakeContext): CommandModule<GlobalOptions, DeployArgs> {
  return {
    command: 'deploy [stage]',
    describe: 'First deployment of a stage: package, upload, create the stack, wait with progress, print the URL',
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one)' })
        .example('$0 deploy dev', 'deploy the dev stage for the first time')
        .example('$0 deploy prod --json', 'the same, with the result (URL, version, API key) as JSON')
        .epilogue(
          'Steps: validate the settings, package, ensure the bucket, upload the artifact (skipped when its sha256-named key exists), render the template (uploaded to the bucket over 51,200 bytes), create the stack, follow its events.\n' +
            'A stack left in ROLLBACK_COMPLETE by a failed first deploy is removed, so deploy can run again. A deployed stage is changed with "tsappa update".\n' +
            'Ctrl-C stops following and tells the state of the stack and how to continue. TSAPPA_STACK_DEADLINE_SECONDS bounds the wait (default 1800).\n' +
            'Before anything is written, "reservedConcurrency" is checked against the account (Lambda keeps 100 executions unreserved). ' +
            'Uploads are tagged in use; once the stack is created, the stage\'s other artifacts are tagged retired and expire "artifactRetentionDays" (default 30) after their upload, by the bucket\'s lifecycle rule.',
        ) as Argv<DeployArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const settings = await loadStageFor(ctx, argv.stage);
      const clients = stageClients(settings);
      try {
        const result = await deployStage(ctx, settings, clients);
        ctx.output.success(`Deployed ${result.stack} in ${result.seconds} s (${result.status})`);
        if (result.apiKey?.value) ctx.output.warn(`a new API key was created; its value is shown once, keep it: ${result.apiKey.value}`);
        ctx.output.result(result, () =>
          [result.url ? `URL: ${result.url}` : `Function: ${result.functionName ?? result.stack}`, ...(result.apiKey?.value ? [`API key: ${result.apiKey.value}`] : [])].join('\n'),
        );
      } finally {
        reportCalls(ctx.output, clients);
      }
    },
  };
}
