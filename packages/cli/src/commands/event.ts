/**
 * `tsappa event <kind> [stage]`: prints a realistic sample event (s3, sqs, sns, dynamodb,
 * kinesis, schedule, http) to edit and send with `tsappa invoke <stage> --local`, as
 * `sam local generate-event` does, with no Docker. The shapes are in ../serve/sample-events.ts.
 */
import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { loadStageFor } from '../cli/stage.js';
import { EVENT_KINDS, sampleEvent, stageSampleOptions, type EventKind, type SampleOptions } from '../serve/sample-events.js';
import { SettingsError } from '../settings/index.js';
import type { MakeContext } from './types.js';

interface EventArgs extends GlobalOptions {
  kind: EventKind;
  stage?: string;
  body?: string;
  bucket?: string;
  key?: string;
  method?: string;
  path?: string;
  source?: string;
  function?: string;
  region?: string;
}

/** The account id of the samples when the stage's sources say none (AWS documentation's own). */
const SAMPLE_ACCOUNT_ID = '123456789012';

export function eventCommand(makeContext: MakeContext): CommandModule<GlobalOptions, EventArgs> {
  return {
    command: 'event <kind> [stage]',
    describe: 'Print a sample event (s3, sqs, sns, dynamodb, kinesis, schedule, http) to edit and send with "tsappa invoke <stage> --local"',
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('kind', { type: 'string', choices: EVENT_KINDS, describe: 'the kind of event' })
        .positional('stage', { type: 'string', describe: "the stage whose region, schedule and event sources fill the sample (optional)" })
        .option('body', { type: 'string', requiresArg: true, describe: 'the message (sqs, sns), record data (kinesis), item message (dynamodb) or request body (http)' })
        .option('bucket', { type: 'string', requiresArg: true, describe: 's3: the bucket' })
        .option('key', { type: 'string', requiresArg: true, describe: 's3: the object key' })
        .option('method', { type: 'string', requiresArg: true, describe: 'http: the method (default GET)' })
        .option('path', { type: 'string', requiresArg: true, describe: 'http: the path under the stage, with its query (default /)' })
        .option('source', { type: 'string', requiresArg: true, describe: 'the queue, topic, table or stream name in the source ARN' })
        .option('function', { type: 'string', requiresArg: true, describe: 'schedule: the function the rule runs (module:export)' })
        .option('region', { type: 'string', requiresArg: true, describe: "the region in the event (default: the stage's)" })
        .example('$0 event sqs dev --body \'{"order":7}\' > sqs.json', 'a message from the stage\'s SQS source')
        .example('$0 invoke dev --local --event sqs.json', 'send it to the packaged function, locally')
        .example('$0 event http --method POST --path /orders --body \'{"a":1}\'', 'an API Gateway (REST) request event') as unknown as Argv<EventArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      let fromStage: Partial<SampleOptions> = {};
      try {
        fromStage = stageSampleOptions(await loadStageFor(ctx, argv.stage), argv.kind);
      } catch (error) {
        // a sample needs no project; a stage named on the command line does
        if (argv.stage !== undefined || !(error instanceof SettingsError)) throw error;
        ctx.output.debug(`no stage settings for the sample (${error.message}); using AWS's sample values`);
      }
      const given = Object.fromEntries(
        (['body', 'bucket', 'key', 'method', 'path', 'source', 'function', 'region'] as const).filter((k) => argv[k] !== undefined).map((k) => [k, argv[k]]),
      ) as Partial<SampleOptions>;
      const options: SampleOptions = { region: 'us-east-1', accountId: SAMPLE_ACCOUNT_ID, ...fromStage, ...given };
      const event = sampleEvent(argv.kind, options);
      ctx.output.result(event, () => JSON.stringify(event, null, 2));
    },
  };
}
