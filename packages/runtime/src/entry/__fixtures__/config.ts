/** A RuntimeConfig for tests. */
import type { RuntimeConfig } from '../../contract.js';

export function runtimeConfig(overrides: Partial<RuntimeConfig> = {}): RuntimeConfig {
  return {
    stage: 'dev',
    projectName: 'quote-api',
    remoteEnv: null,
    slimArchive: null,
    exceptionHandler: null,
    authorizer: null,
    eventSources: {},
    asyncSource: 'lambda',
    http: { basePath: '', binarySupport: true, responseStreaming: false },
    ...overrides,
  };
}
