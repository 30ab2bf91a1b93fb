/**
 * The contract between the three halves of a deployed stage:
 * - the packager (packages/cli) generates an entry that calls `createEntry(config, loadModules)`;
 * - the template (packages/templates) sets the environment variables named in `ENV`;
 * - the runtime (this package) reads both.
 *
 * This file has no imports and no side effects, so the packager and the templates can depend
 * on it cheaply.
 */

/** Environment variables the CloudFormation template sets on the function. */
export const ENV = {
  /** the tsappa stage name */
  stage: 'TSAPPA_STAGE',
  /** the deployment bucket (slim archive, task payload offload) */
  deploymentBucket: 'TSAPPA_DEPLOYMENT_BUCKET',
  /** ARN of the stage's async SNS topic (asyncSource: sns) */
  asyncTopicArn: 'TSAPPA_ASYNC_TOPIC_ARN',
  /** name of the DynamoDB table for captured task responses */
  taskTable: 'TSAPPA_TASK_TABLE',
} as const;

/** S3 key prefix, inside the deployment bucket, for task payloads passed by reference. */
export const TASK_OFFLOAD_PREFIX = 'tsappa-tasks/';

/** The name of the alias API Gateway and the schedules invoke. Rollback moves it. */
export const LIVE_ALIAS = 'live';

/** The keep-warm rule's constant input; the entry answers it once the app is loaded (loading it if it is not). */
export const KEEP_WARM_INPUT = { 'tsappa:keepWarm': true } as const;

/** The input of a schedule rule: it names the function to call with (event, context). */
export interface ScheduleInput {
  'tsappa:schedule': string; // FunctionRef "module:export"
}

/** What the packager bundles next to the entry: the stage's runtime settings. */
export interface RuntimeConfig {
  stage: string;
  projectName: string;
  /** `s3://bucket/key.json` or a Secrets Manager secret ARN, applied at cold start */
  remoteEnv: string | null;
  /** slimHandler: where the app archive lives and its sha256 (hex) */
  slimArchive: { bucket: string | null; key: string; sha256: string } | null;
  /** "module:export" called with (error, event, context) on any unhandled error */
  exceptionHandler: string | null;
  /** "module:export" of the stage's Lambda authorizer, when it runs in this function */
  authorizer: string | null;
  /** event source ARN -> "module:export" */
  eventSources: Record<string, string>;
  /**
   * Event source ARNs (keys of `eventSources`) whose mapping takes no partial batch response
   * (`reportBatchItemFailures: false`): Lambda would count records a function reports as failed
   * as processed, so the runtime fails the batch instead. Absent: every source takes them.
   */
  ignoredBatchResponses?: string[];
  asyncSource: 'lambda' | 'sns';
  /**
   * Where the web app comes from (the `app` and `appType` settings). Optional so that configs
   * written before it existed still load (they hand the runtime the export itself).
   */
  app?: AppConfig;
  /** web adapter options */
  http: {
    basePath: string;
    binarySupport: boolean;
    responseStreaming: boolean;
    /**
     * The stage's `cors` settings, or null. The template routes OPTIONS to the function (no
     * MOCK integration), so the runtime answers preflights and adds CORS headers to responses.
     * Optional so that configs written before it existed still load.
     */
    cors?: CorsConfig | null;
  };
}

/**
 * How the runtime reads the app module:
 * - `auto`: the export when the module has it and it is servable, else the server the module
 *   started (its `listen()` is intercepted: no port is opened);
 * - `fastify-plugin`: the export is a Fastify plugin (a fastify-cli app); it is registered on a
 *   new instance of the project's `fastify`, created with the module's `options` export.
 */
export type AppType = 'auto' | 'fastify-plugin';

/** The `app` setting, split, with `appType`. */
export interface AppConfig {
  /** the module as the setting names it, e.g. "src/main.ts" (for error messages) */
  module: string;
  /** the export to serve, e.g. "default" */
  export: string;
  type: AppType;
}

/** The stage's resolved `cors` settings, as the runtime applies them. */
export interface CorsConfig {
  allowOrigins: string[];
  allowHeaders: string[];
  allowMethods: string[];
  allowCredentials: boolean;
  /** seconds; null: no Access-Control-Max-Age */
  maxAge: number | null;
}

/**
 * What the generated entry's module loader returns: the app module (or, from entries generated
 * before `appModule` existed, the app export itself) and every function named in the settings,
 * keyed by its reference exactly as written in the resolved settings.
 */
export interface EntryModules {
  /** the app export; used when `appModule` is absent */
  app?: unknown;
  /**
   * The app module's namespace (`import * as`), so that a module that exports nothing (it only
   * calls listen()) still bundles. The runtime serves `RuntimeConfig.app.export` from it, or
   * the server the module started.
   */
  appModule?: Record<string, unknown>;
  /** the project's `fastify` module (its namespace), imported when `app.type` is "fastify-plugin" */
  fastify?: unknown;
  functions: Record<string, unknown>;
}

/** What the runtime tells the module loader (added for slimHandler). */
export interface LoadContext {
  /**
   * slimHandler: the directory in /tmp where the app archive was extracted (import the app from
   * there); null without slimHandler.
   */
  appDir: string | null;
}

/**
 * Loads the bundled modules. Called once per container, after remote env is applied (and the
 * slim archive extracted). A loader that ignores the context is fine.
 */
export type LoadModules = (context?: LoadContext) => Promise<EntryModules>;

/**
 * The task table (asyncResponseTable) as the runtime reads and writes it: a string partition
 * key and a numeric TTL attribute (epoch seconds) that the template enables as the table's TTL.
 */
export const TASK_TABLE = { partitionKey: 'id', ttlAttribute: 'ttl' } as const;

/**
 * The payload `tsappa invoke <stage> module:export` sends: the entry calls that function (one
 * of `EntryModules.functions`, or a registered task by name) with `args` and returns its value.
 * A raw event (`--raw`) is sent as is and dispatched like any other event.
 */
export interface InvokeInput {
  'tsappa:invoke': string; // FunctionRef "module:export", or a task name
  args?: unknown[];
}
