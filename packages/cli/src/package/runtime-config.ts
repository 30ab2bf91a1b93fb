import type { ResolvedSettings } from '@tsappa/templates';
import type { RuntimeConfig } from '@tsappa/runtime/contract';
import { parseFunctionRef } from './function-ref.js';

/** The stage's runtime settings, bundled next to the generated entry (see the runtime's contract). */
export function toRuntimeConfig(
  settings: ResolvedSettings,
  slimArchive: RuntimeConfig['slimArchive'] = null,
): RuntimeConfig {
  const eventSources: Record<string, string> = {};
  const ignoredBatchResponses: string[] = [];
  for (const event of settings.events) {
    if (event.kind !== 'source') continue;
    eventSources[event.eventSource.arn] = event.function;
    const polled = event.service === 'sqs' || event.service === 'dynamodb' || event.service === 'kinesis';
    if (polled && !event.eventSource.reportBatchItemFailures) ignoredBatchResponses.push(event.eventSource.arn);
  }
  const app = parseFunctionRef(settings.app, 'app');
  return {
    stage: settings.stage,
    projectName: settings.projectName,
    remoteEnv: settings.remoteEnv,
    slimArchive,
    exceptionHandler: settings.exceptionHandler,
    authorizer: settings.authorizer?.function ?? null,
    eventSources,
    ...(ignoredBatchResponses.length > 0 ? { ignoredBatchResponses } : {}),
    asyncSource: settings.asyncSource,
    app: { module: app.module, export: app.exportName, type: settings.appType },
    http: {
      basePath: settings.basePath,
      binarySupport: settings.binarySupport,
      responseStreaming: settings.responseStreaming,
      cors: settings.cors === false ? null : settings.cors,
    },
  };
}
