/**
 * Progress of long work on stderr: a bar redrawn in place on a TTY, plain lines otherwise
 * (CI logs, pipes, --json). Never writes to stdout.
 */
import type { Output } from '../cli/output.js';

export interface Progress {
  /** a resource's new state, e.g. "Function CREATE_COMPLETE" */
  event(line: string, failed?: boolean): void;
  /** `done` of `total` resources finished */
  update(done: number, total: number, current?: string): void;
  /** clears the bar (if any) */
  stop(): void;
}

export interface ProgressOptions {
  /** draw a bar: only on an interactive terminal */
  tty: boolean;
  stream?: NodeJS.WritableStream & { columns?: number };
}

export function renderBar(done: number, total: number, width: number): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

export function createProgress(output: Output, options: ProgressOptions): Progress {
  if (!options.tty || output.quiet || output.json) {
    return {
      event: (line, failed) => (failed ? output.warn(line) : output.info(`  ${line}`)),
      update: () => {},
      stop: () => {},
    };
  }
  const stream = options.stream ?? process.stderr;
  let drawn = false;
  let last = { done: 0, total: 0, current: '' };
  const clear = () => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  const draw = () => {
    const columns = (stream as { columns?: number }).columns ?? 80;
    const text = `${renderBar(last.done, last.total, 24)} ${last.current}`.slice(0, columns - 1);
    stream.write(`\r\x1b[2K${text}`);
    drawn = true;
  };
  return {
    event(line, failed) {
      if (!failed) {
        last.current = line;
        draw();
        return;
      }
      clear();
      output.warn(line);
      draw();
    },
    update(done, total, current) {
      last = { done, total, current: current ?? last.current };
      draw();
    },
    stop: clear,
  };
}

/** True when progress may redraw a bar: stderr is a terminal and CI is not set. */
export function progressIsTty(json: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(process.stderr.isTTY) && !env.CI && !json;
}
