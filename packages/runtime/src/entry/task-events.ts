/**
 * Task invocations: an Event payload, or SNS records whose messages carry tasks. The answer is a
 * small summary, never the task's value (Lambda discards it, and a value JSON cannot carry would
 * fail the invocation after the work was done).
 */
import { TASK_MESSAGE_KEY, type TaskMessage } from '../tasks/message.js';
import { receiveTask } from '../tasks/receive.js';

export interface TaskSummary {
  tasks: Array<{ id: string; name: string; status: 'complete' }>;
}

/** Run the tasks one after the other; the first failure rejects (so Lambda retries it). */
export async function runTaskMessages(messages: TaskMessage[]): Promise<TaskSummary> {
  const tasks: TaskSummary['tasks'] = [];
  for (const message of messages) {
    await receiveTask(message);
    const { id, name } = message[TASK_MESSAGE_KEY];
    tasks.push({ id, name, status: 'complete' });
  }
  return { tasks };
}
