/**
 * The task message: what a Lambda Event invoke carries as its payload, and what an SNS message
 * carries as its body. Only a registered task name and JSON arguments travel; nothing in it is
 * ever evaluated.
 */

export const TASK_MESSAGE_KEY = 'tsappa:task';

export interface TaskMessageBody {
  v: 1;
  id: string;
  name: string;
  /** the arguments, when they travel inline */
  args?: unknown[];
  /** where the arguments are, when they were too big to travel inline */
  ref?: { bucket: string; key: string };
  captureResponse?: boolean;
  resultTtlSeconds?: number;
  /** the table the sender reads the result from (a remote function writes there too) */
  resultTable?: string;
  /** epoch milliseconds */
  sentAt: number;
}

export interface TaskMessage {
  [TASK_MESSAGE_KEY]: TaskMessageBody;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `value` is a task message (the whole payload of an Event invoke or SNS message). */
export function isTaskMessage(value: unknown): value is TaskMessage {
  if (!isRecord(value)) return false;
  const body = value[TASK_MESSAGE_KEY];
  return isRecord(body) && typeof body.id === 'string' && typeof body.name === 'string';
}

/** The task message inside an SNS message body, if it is one. */
export function parseTaskMessage(text: string): TaskMessage | null {
  if (!text.includes(TASK_MESSAGE_KEY)) return null;
  try {
    const value: unknown = JSON.parse(text);
    return isTaskMessage(value) ? value : null;
  } catch {
    return null;
  }
}
