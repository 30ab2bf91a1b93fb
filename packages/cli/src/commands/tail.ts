import type { FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { Argv, CommandModule } from 'yargs';
import { stageNames } from '@tsappa/templates';
import type { GlobalOptions } from '../cli/context.js';
import { loadStageFor } from '../cli/stage.js';
import { watchInterrupt } from '../deploy/interrupt.js';
import { filterPattern, followLogs, formatLogEvent, parseSince, readLogs } from '../deploy/logs.js';
import { stageClients } from '../deploy/stage-clients.js';
import type { MakeContext } from './types.js';

const jsonEvent = (event: FilteredLogEvent) => ({ timestamp: event.timestamp, stream: event.logStreamName, message: event.message });

interface TailArgs extends GlobalOptions {
  stage?: string;
  since: string;
  filter?: string;
  follow: boolean;
}

export function tailCommand(makeContext: MakeContext): CommandModule<GlobalOptions, TailArgs> {
  return {
    command: 'tail [stage]',
    describe: "Follow the function's logs (Ctrl-C stops)",
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one)' })
        .option('since', { type: 'string', default: '10m', describe: 'start this long ago (30s, 10m, 1h, 2d) or at a date', requiresArg: true })
        .option('filter', { type: 'string', describe: 'only events containing this text (or a CloudWatch filter pattern)', requiresArg: true })
        .option('follow', { type: 'boolean', default: true, describe: 'keep following; --no-follow prints what there is and exits' })
        .example('$0 tail dev', 'follow the last 10 minutes and what comes')
        .example('$0 tail dev --since 1h --filter ERROR --no-follow', 'the errors of the last hour, then exit')
        .example('$0 tail prod --json', 'the events as they are: a stage with "logFormat": "JSON" keeps its JSON lines raw')
        .epilogue(
          'Lines in Lambda\'s JSON log format ("logFormat": "JSON") show as "time LEVEL requestId message key=value ...". ' +
            'With --json: the events raw, one JSON array with --no-follow; when following, one JSON object a line per event.',
        ) as Argv<TailArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const settings = await loadStageFor(ctx, argv.stage);
      const clients = stageClients(settings);
      const group = stageNames(settings).logGroup;
      const start = parseSince(argv.since);
      const pattern = filterPattern(argv.filter);
      if (!argv.follow) {
        const events = await readLogs(clients, group, start, pattern);
        ctx.output.result(
          events.map(jsonEvent),
          () => events.map(formatLogEvent).join('\n'),
        );
        if (events.length === 0) ctx.output.info(`No log events in ${group} since ${new Date(start).toISOString()}`);
        return;
      }
      ctx.output.info(`Following ${group} (Ctrl-C stops)`);
      // one line per event as it comes: with --json one JSON object a line, not one document
      const lines = makeContext({ ...argv, json: false }).output;
      const interrupt = watchInterrupt();
      try {
        await followLogs(clients, {
          group,
          start,
          pattern,
          signal: interrupt.signal,
          onEvent: (event) => lines.result(null, () => (argv.json ? JSON.stringify(jsonEvent(event)) : formatLogEvent(event))),
          onMissing: (error) => ctx.output.warn(`${error.message}; waiting for it`),
        });
      } finally {
        interrupt.dispose();
      }
    },
  };
}
