import type { ResolvedSettings } from '@tsappa/templates';
import type { RuntimeConfig } from '@tsappa/runtime/contract';
import { parseFunctionRef } from './function-ref.js';

/** The stage's runtime settings, bundled next to the generated entry (see the runtime's contract). */
export function toRuntimeConfig(
  settings: ResolvedSettings,
  slimArchive: RuntimeConfig['slimArchive'] = null,
): RuntimeConfig {
  const eventSources: Record<string, string> = {};
  for (const event of settings.events) {
    if (event.kind === 'source') eventSources[event.eventSource.arn] = event.function;
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
