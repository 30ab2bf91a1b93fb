/** Where a response goes while the app writes it: a buffer (the usual) or Lambda's response stream. */
import type { ResponseHead } from './response-head.js';

export interface ResponseSink {
  /** The app sent its status line and headers (once, before any body). */
  head(head: ResponseHead): void;
  /** A body chunk. `false` asks the writer to wait for `onDrain`. */
  write(chunk: string | Uint8Array, encoding: BufferEncoding | undefined): boolean;
  /** Sinks that can fill up take the writer's 'drain' signal here. */
  attach?(onDrain: () => void): void;
}

/** How an app's turn ended. */
export type Outcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'error' | 'timeout' | 'destroyed'; readonly error: unknown };

export const OK: Outcome = { ok: true };

/** An outcome that went wrong. */
export type Failure = Exclude<Outcome, { ok: true }>;
