/** What the cold start produces and every dispatcher reads. */
import type { EntryModules, RuntimeConfig } from '../contract.js';
import type { HttpHandlers } from './http.js';
import type { EntryWebAdapter } from './types.js';

export interface EntryRuntime {
  config: RuntimeConfig;
  modules: EntryModules;
  http: EntryWebAdapter;
  /** the web app's handlers, created on the first HTTP event */
  httpHandlers: HttpHandlers;
}
