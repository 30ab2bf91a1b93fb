/**
 * @tsappa/runtime: what runs inside Lambda.
 * - the web adapter (`createHandler`) for any Node web app: ./http
 * - the generated entry's dispatcher (`createEntry`): ./entry
 * - asynchronous tasks (`task`, `run`, `getTaskResult`): ./tasks
 */
export * from './contract.js';
export * from './http/index.js';
export * from './entry/index.js';
export * from './tasks/index.js';
