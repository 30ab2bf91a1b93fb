import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { loadStageFor } from '../cli/stage.js';
import { reportCalls, stageClients } from '../deploy/stage-clients.js';
import { updateStage } from '../deploy/update.js';
import { runDiff } from './diff.js';
import type { MakeContext } from './types.js';

interface UpdateArgs extends GlobalOptions {
  stage?: string;
  dryRun?: boolean;
}

export function updateCommand(makeContext: MakeContext): CommandModule<GlobalOptions, UpdateArgs> {
  return {
    command: 'update [stage]',
    describe: 'Apply every change (code or settings) to a deployed stage; code-only changes take a fast path',
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one)' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'show what would change (as "tsappa diff" does) and change nothing' })
        .example('$0 update dev', 'apply what changed since the last deployment')
        .example('$0 update dev --dry-run', 'what would change, from a change set created and deleted again')
        .example('$0 update dev --json --verbose', 'the result as JSON, with every AWS call listed on stderr')
        .epilogue(
          'Nothing changed: no AWS write at all, "No changes", exit 0.\n' +
            'Only the code changed: upload, update the function code, wait, publish a version and move the "live" alias, without a stack update.\n' +
            'With a "deployment" canary or linear strategy, a code-only update shifts "live" to the new version step by step (10% of its traffic first, e.g. for 5 minutes with Canary10Percent5Minutes), ' +
            'watching "deployment.alarms" and the new version\'s errors, and moves it back on its own (exit 1) if an alarm goes off or the new version fails; Ctrl-C moves all traffic back too. ' +
            'A stack update that publishes a new version hands "live" to CodeDeploy with the same strategy.\n' +
            'Anything else (settings, API keys, DLQ, authorizers, domains, schedules): a CloudFormation change set with the current code, so the code never goes back. ' +
            'Replacing or deleting a table, bucket or queue declared in "resources" is asked about first (--yes answers yes). ' +
            'The update counts as applied only when the stack reaches UPDATE_COMPLETE.\n' +
            '"reservedConcurrency" is checked against the account before anything is written. After a successful update, the stage\'s artifacts that neither the stack nor its previous template (what a rollback reinstalls) names are tagged retired: ' +
            'they expire "artifactRetentionDays" (default 30; null: never) after their upload.',
        ) as Argv<UpdateArgs>,
    handler: async (argv) => {
      if (argv.dryRun) return runDiff(makeContext, argv);
      const ctx = makeContext(argv);
      const settings = await loadStageFor(ctx, argv.stage);
      const clients = stageClients(settings);
      try {
        const result = await updateStage(ctx, settings, clients);
        if (result.kind === 'none') ctx.output.success(`No changes (${result.seconds} s, ${result.awsCalls} AWS calls, none of them writes)`);
        else ctx.output.success(`Updated ${result.stack} in ${result.seconds} s: ${result.changes.join(', ')}`);
        if (result.apiKey?.value) ctx.output.warn(`a new API key was created; its value is shown once, keep it: ${result.apiKey.value}`);
        ctx.output.result({ ...result, awsCallSummary: clients.callSummary() }, () => {
          if (result.kind === 'none') return 'No changes';
          const lines = [`Changed: ${result.changes.join(', ')} (${result.kind === 'code' ? 'fast path' : result.kind === 'live' ? 'alias only' : 'stack update'}, ${result.seconds} s)`];
          if (result.version) lines.push(`Live version: ${result.version}${result.previousVersion && result.previousVersion !== result.version ? ` (was ${result.previousVersion})` : ''}`);
          if (result.url) lines.push(`URL: ${result.url}`);
          if (result.apiKey?.value) lines.push(`API key: ${result.apiKey.value}`);
          return lines.join('\n');
        });
      } finally {
        reportCalls(ctx.output, clients);
      }
    },
  };
}
