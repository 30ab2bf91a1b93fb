/**
 * `tsappa serve <stage>`: the stage running locally exactly as packaged. The command reads its
 * flags and prints; the work (build, Lambda-like layout, local API Gateway, rebuilds) is in
 * ../serve/local-stage.ts.
 */
import { isAbsolute, join, resolve } from 'node:path';
import type { LocalAuthorizerSetting, ResolvedSettings } from '@tsappa/templates';
import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { CliError, UsageError } from '../cli/errors.js';
import { loadStageFor } from '../cli/stage.js';
import { parseAuthorizerFlag } from '../serve/arn-authorizer.js';
import { IntrinsicError } from '../serve/local-services.js';
import { ServeBuildError, startLocalStage, type LocalStage } from '../serve/local-stage.js';
import { serveSessionFile } from '../serve/local-invoke.js';
import type { MakeContext } from './types.js';

interface ServeArgs extends GlobalOptions {
  stage?: string;
  port: number;
  host: string;
  schedules: boolean;
  watch: boolean;
  schedule?: string[];
  'api-key'?: string;
  'aws-endpoint'?: string;
  persist?: string;
  authorizer?: string;
}

/** `name=expression` pairs of `--schedule`. */
export function parseScheduleOverrides(values: readonly string[] = []): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1) {
      throw new UsageError(`--schedule wants NAME=EXPRESSION (e.g. keep-warm="rate(10 seconds)"), not "${value}"`);
    }
    overrides[value.slice(0, at).trim()] = value.slice(at + 1).trim();
  }
  return overrides;
}

/** `--aws-endpoint`: an http(s) URL, as the SDK's AWS_ENDPOINT_URL takes it. */
export function parseAwsEndpoint(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--aws-endpoint wants the URL of an AWS emulator (e.g. http://localhost:4566 for LocalStack), not "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--aws-endpoint wants an http:// or https:// URL, not "${value}"`);
  return value.replace(/\/+$/, '');
}

/** `--persist [DIR]`: where the declared tables' data is kept (bare: .tsappa/<stage>-dynamodb in the project). */
export function persistDirectory(value: string | undefined, projectDir: string, stage: string): string | undefined {
  if (value === undefined) return undefined;
  if (value === '') return join(projectDir, '.tsappa', `${stage}-dynamodb`);
  return isAbsolute(value) ? value : resolve(value);
}

/** `--authorizer allow|deny|module:export`, for a stage whose authorizer is given by arn. */
export function localAuthorizerChoice(value: string | undefined, settings: ResolvedSettings): LocalAuthorizerSetting | undefined {
  if (value === undefined) return undefined;
  if (!settings.authorizer?.arn) {
    const has = settings.authorizer ? 'an authorizer.function, which serve runs as it is' : 'no authorizer';
    throw new UsageError(`--authorizer is for a stage whose authorizer is given by arn; stage ${settings.stage} has ${has}`);
  }
  try {
    return parseAuthorizerFlag(value);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** What the command prints once the stage is up. */
export function describeLocalStage(stage: LocalStage): string {
  const lines = [`${stage.settings.stage} is served at ${stage.url}/`];
  if (stage.apiKey) lines.push(`API key: ${stage.apiKey}  (send it as x-api-key)`);
  if (stage.credentials) lines.push(`IAM: sign with access key ${stage.credentials.accessKeyId} (SigV4, service ${stage.settings.apiType === 'url' ? 'lambda' : 'execute-api'}, region ${stage.settings.awsRegion})`);
  const example = stage.apiKey ? `curl -H 'x-api-key: ${stage.apiKey}' ${stage.url}/` : `curl ${stage.url}/`;
  lines.push(`try: ${example}`, 'press Ctrl-C to stop');
  return lines.join('\n');
}

/** Resolves on the first SIGINT or SIGTERM; a second one exits at once. */
function interrupted(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals) => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      const force = () => process.exit(130);
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      resolve(signal);
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}

export function serveCommand(makeContext: MakeContext): CommandModule<GlobalOptions, ServeArgs> {
  return {
    command: 'serve [stage]',
    describe: 'Run the stage locally exactly as packaged, behind a local API Gateway, with its schedules and tasks (no AWS account needed)',
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one)' })
        .option('port', { alias: 'p', type: 'number', default: 8000, requiresArg: true, describe: 'port of the local API (0 picks a free one)' })
        .option('host', { type: 'string', default: '127.0.0.1', requiresArg: true, describe: 'address to bind (0.0.0.0 exposes it to your network)' })
        .option('schedules', { type: 'boolean', default: true, describe: 'fire keep-warm and the schedule events (--no-schedules: never)' })
        .option('watch', { type: 'boolean', default: true, describe: 'rebuild and restart on file changes (--no-watch: never)' })
        .option('schedule', {
          type: 'string',
          array: true,
          requiresArg: true,
          describe: 'replace a schedule\'s expression locally: NAME=EXPRESSION (NAME is keep-warm or the event\'s name; "rate(N seconds)" is allowed)',
        })
        .option('api-key', { type: 'string', requiresArg: true, describe: 'use this local API key instead of a generated one (apiKeyRequired)' })
        .option('aws-endpoint', {
          type: 'string',
          requiresArg: true,
          describe: "send the function's AWS calls (other than to the declared tables) to this emulator, e.g. http://localhost:4566 (LocalStack)",
        })
        .option('persist', {
          type: 'string',
          describe: 'keep the declared DynamoDB tables\' data in a folder across sessions (default folder: .tsappa/<stage>-dynamodb)',
        })
        .option('authorizer', {
          type: 'string',
          requiresArg: true,
          describe:
            'what answers for an authorizer given by arn, which cannot run locally: allow, deny, or a function of the project path/to/module.ts:exportName (run as the authorizer); overrides authorizer.local. With neither, requests are refused (500)',
        })
        .check((args) => {
          const port = args.port as number;
          if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, not ${String(args.port)}`);
          return true;
        })
        .example('$0 serve dev', 'serve the dev stage at http://127.0.0.1:8000/dev/')
        .example('curl http://127.0.0.1:8000/dev/quote?type=daily', 'then call it (add -H "x-api-key: <key>" when the stage requires a key)')
        .example('$0 serve dev --port 3000 --no-schedules', 'another port, and no keep-warm or schedule firings')
        .example('$0 serve dev --persist', 'keep the tables\' data in .tsappa/dev-dynamodb between sessions')
        .example('$0 serve dev --schedule keep-warm="rate(10 seconds)"', 'fire a schedule often to try it')
        .example('open http://127.0.0.1:8000/_tsappa/', 'the local console: requests, schedules, tasks and dead letters, live')
        .example('$0 serve dev --authorizer src/local-auth.ts:authorize', 'answer the stage\'s authorizer.arn with a function of the project (or: allow, deny)')
        .example('$0 serve api', 'a stage with apiType "http" or "url" is served at the root (http://127.0.0.1:8000/) in payload 2.0, with its IAM, JWT (signature not verified locally) or REQUEST authorizer checks')
        .epilogue(
          'The package is the one "tsappa package" builds, extracted outside the project in a Lambda-like layout (a temp directory ' +
            "where only the package and the runtime's AWS SDK resolve). Tasks run in the local function with " +
            "Lambda's two retries; failed ones go to .tsappa/<stage>-dead-letter.jsonl. apiKeyRequired, iamAuthorization (SigV4 " +
            'with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else a printed key pair), the authorizer, CORS, timeoutSeconds and ' +
            'memorySize are enforced as deployed; with responseStreaming the response is streamed as written, up to Lambda\'s 200 MB; task ' +
            'arguments over 1 MB wait in .tsappa/<stage>-serve/task-payloads. The DynamoDB tables declared in "resources" are created in a local DynamoDB (dynalite) ' +
            "with the names the stack gives them, and the function's SDK is pointed there; its other AWS calls go to --aws-endpoint, " +
            'or fail with NotEmulatedLocally (never to a real account). Event sources (S3, SQS…) are not emulated: send their events ' +
            'with "tsappa invoke <stage> --local" (samples: "tsappa event <kind>"). The local console at /_tsappa/ on the same port ' +
            '(loopback hosts only) shows each request with its status, duration and logs, the schedules with their next firing ' +
            '(fire now), the tasks with their attempts and results, and the dead letters (resend), live.',
        ) as unknown as Argv<ServeArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const scheduleOverrides = parseScheduleOverrides(argv.schedule);
      const awsEndpoint = parseAwsEndpoint(argv['aws-endpoint']);
      // the stage first served stays the one served, even if more stages appear in the settings
      let stageName = argv.stage;
      const loadSettings = async () => {
        const settings = await loadStageFor(ctx, stageName);
        stageName = settings.stage;
        return settings;
      };
      const first = await loadSettings();
      const persistDir = persistDirectory(argv.persist, first.projectDir, first.stage);
      const authorizer = localAuthorizerChoice(argv.authorizer, first);
      let stage: LocalStage;
      try {
        stage = await startLocalStage({
          loadSettings,
          log: (line) => ctx.output.info(line),
          debug: (line) => ctx.output.debug(line),
          port: argv.port,
          host: argv.host,
          schedules: argv.schedules,
          watch: argv.watch,
          scheduleOverrides,
          ...(argv['api-key'] ? { apiKey: argv['api-key'] } : {}),
          ...(awsEndpoint ? { awsEndpoint } : {}),
          ...(persistDir ? { persistDir } : {}),
          ...(authorizer ? { authorizer } : {}),
          sessionFile: serveSessionFile(first.projectDir, first.stage),
          // stdout is for the result (one JSON document with --json): the function's output is a log
          ...(argv.json ? { functionStdout: process.stderr } : {}),
        });
      } catch (error) {
        if (error instanceof ServeBuildError) throw new CliError(error.message, 1);
        if (error instanceof IntrinsicError) throw new CliError(`invalid settings for serve: ${error.message}`, 2);
        throw error;
      }
      ctx.output.result(
        {
          stage: stage.settings.stage,
          url: `${stage.url}/`,
          apiKey: stage.apiKey,
          accessKeyId: stage.credentials?.accessKeyId ?? null,
          deadLetterFile: stage.deadLetterFile,
        },
        () => describeLocalStage(stage),
      );
      const signal = await interrupted();
      ctx.output.info(`${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping`);
      await stage.close();
      ctx.output.success('stopped');
    },
  };
}
