/**
 * Asynchronous tasks: `task()` / `@task()`, `run()`, `getTaskResult()`, and the receiving side
 * the entry uses.
 */
export { task, type Task, type TaskMethodDecorator } from './task.js';
export type { TaskReceipt } from './call.js';
export { run, type RunOptions } from './run.js';
export { getTaskResult, DEFAULT_RESULT_TTL_SECONDS, type TaskResult, type TaskError } from './results.js';
export {
  DuplicateTaskError,
  UnknownTaskError,
  getTask,
  taskNames,
  unregisterTask,
  setDefaultTaskService,
  type TaskOptions,
  type TaskService,
  type TaskDefinition,
  type TaskClass,
} from './registry.js';
export { TaskArgumentError } from './json.js';
export { EVENT_INVOKE_PAYLOAD_LIMIT, SNS_MESSAGE_LIMIT } from './dispatch.js';
export { TASK_MESSAGE_KEY, isTaskMessage, parseTaskMessage, type TaskMessage, type TaskMessageBody } from './message.js';
export { receiveTask, TaskPayloadError } from './receive.js';
export { registerTaskInstances, TaskInstanceError, type TaskInstanceResolver } from './instances.js';
export { insideLambda } from './environment.js';
