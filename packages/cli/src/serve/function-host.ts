/**
 * The local Lambda function: a pool of child Node processes ("containers"), each running the
 * packaged handler through ./worker-script.ts and serving one invocation at a time, as Lambda
 * does. A container is forked on demand (a cold start, whose init has Lambda's 10 s; past it the
 * init is retried in a fresh container under the function's timeout, as Lambda does), reused
 * while idle, killed when an invocation outlives `timeoutSeconds` (the next invocation gets a
 * fresh one), and replaced on `restart()` (after a rebuild). Memory is capped with `--max-old-space-size=<memorySize>`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { InvocationStream, MAX_RESPONSE_BYTES, tooLargeError, type StreamSink } from './invocation-stream.js';
import { NODE_PATH_HOOK_SOURCE } from './node-path-hook.js';
import { WORKER_NODE_PATH_HOOK, WORKER_SOURCE } from './worker-script.js';

/** The error document Lambda returns for a failed invocation. */
export interface LambdaError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export type InvokeOutcome =
  | { ok: true; requestId: string; value: unknown; durationMs: number; streamedBytes?: number }
  | { ok: false; requestId: string; error: LambdaError; timedOut: boolean; durationMs: number };

/** Any message a container sends that is not part of the host protocol (e.g. `tsappa:task:*`). */
export interface ChildMessage {
  type: string;
  [key: string]: unknown;
}

export interface FunctionHostOptions {
  /** the packaged handler file (absolute) */
  handlerFile: string;
  /** its export, `handler` by default */
  handlerExport?: string;
  functionName: string;
  region: string;
  accountId?: string;
  /** MB; becomes `--max-old-space-size` */
  memorySize: number;
  timeoutSeconds: number;
  /** the full environment of each container */
  env: Record<string, string>;
  cwd?: string;
  /** where the worker's own files go, in a directory of their own removed on close (default: the OS temp directory) */
  tempDir?: string;
  /** most containers at once; further invocations wait (default 10) */
  maxConcurrency?: number;
  /** where the containers' stdout/stderr go (default: this process's) */
  stdout?: Writable;
  stderr?: Writable;
  /**
   * Messages from a container outside the host protocol (the local tasks hook). `reply` sends a
   * message back to that same container.
   */
  onMessage?: (message: ChildMessage, reply: (message: unknown) => void) => void;
  /** what a container prints, with the invocation it belongs to (the one running, else the last one): the local console's logs */
  onOutput?: (requestId: string, text: string) => void;
}

export interface InvokeOptions {
  requestId?: string;
  /** overrides `timeoutSeconds` for this invocation */
  timeoutMs?: number;
  /**
   * Where a streaming function's response goes as it is written (the outcome's value is then
   * undefined); without it a streamed response is collected and returned as the value.
   */
  stream?: StreamSink;
}

/**
 * How long Lambda lets a cold start's init phase (importing the handler module) take. Past it,
 * "Lambda retries the Init phase at the time of the first function invocation with the
 * configured function timeout" (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html):
 * the retried init and the handler together must fit in `timeoutSeconds`.
 */
export const INIT_LIMIT_MS = 10_000;

export { MAX_RESPONSE_BYTES, MAX_STREAMED_RESPONSE_BYTES, type StreamSink } from './invocation-stream.js';

interface Pending {
  id: string;
  resolve: (outcome: InvokeOutcome) => void;
  started: number;
  timer: NodeJS.Timeout;
  stream: InvocationStream;
}

class Container {
  readonly child: ChildProcess;
  readonly ready: Promise<LambdaError | null>;
  busy = false;
  retired = false;
  exited = false;
  pending: Pending | null = null;
  /** the invocation that ran last (its output may still be arriving) */
  lastRequestId: string | null = null;
  private readonly exitWaiters: Array<() => void> = [];
  private markReady!: (error: LambdaError | null) => void;

  constructor(
    workerFile: string,
    readonly options: FunctionHostOptions,
    private readonly onExit: (container: Container) => void,
  ) {
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
    this.child = fork(workerFile, [options.handlerFile, options.handlerExport ?? 'handler'], {
      cwd: options.cwd,
      env: options.env,
      execArgv: [`--max-old-space-size=${options.memorySize}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // structured clone: a streamed response's bytes cross as bytes (JSON would need base64, about ten times slower)
      serialization: 'advanced',
    });
    this.child.stdout?.pipe(options.stdout ?? process.stdout, { end: false });
    this.child.stderr?.pipe(options.stderr ?? process.stderr, { end: false });
    if (options.onOutput) {
      const onOutput = options.onOutput;
      const attribute = (chunk: Buffer) => {
        const id = this.pending?.id ?? this.lastRequestId;
        if (id) onOutput(id, chunk.toString('utf8'));
      };
      this.child.stdout?.on('data', attribute);
      this.child.stderr?.on('data', attribute);
    }
    this.child.on('message', (message: ChildMessage) => this.onMessage(message));
    this.child.on('error', (error) => {
      // a process that never started (e.g. its working directory is gone) emits no 'exit'
      if (this.child.pid === undefined) this.exitedWith(`could not start: ${error.message}`);
    });
    this.child.on('exit', (code, signal) => {
      this.exitedWith(signal ? `signal: ${signal === 'SIGKILL' ? 'killed' : signal}` : `exit status ${code ?? 0}`);
    });
  }

  private exitedWith(reason: string): void {
    if (this.exited) return;
    this.exited = true;
    this.markReady({ errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: ${reason}` });
    this.finish({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${this.pending?.id ?? ''} Error: Runtime exited with error: ${reason}`,
    });
    for (const waiter of this.exitWaiters.splice(0)) waiter();
    this.onExit(this);
  }

  /** Resolves once the process is gone. */
  gone(): Promise<void> {
    return this.exited ? Promise.resolve() : new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  private onMessage(message: ChildMessage): void {
    if (!message || typeof message.type !== 'string') return;
    switch (message.type) {
      case 'tsappa:serve:ready':
        this.markReady(null);
        return;
      case 'tsappa:serve:init-error':
        this.markReady(message.error as LambdaError);
        return;
      case 'tsappa:serve:crash':
        // the worker exits right after: never hand it another invocation
        this.retired = true;
        this.finish(message.error as LambdaError);
        return;
      case 'tsappa:serve:stream-chunk':
        this.onStreamChunk(message);
        return;
      case 'tsappa:serve:result': {
        if (!this.pending || message.id !== this.pending.id) return;
        if (message.ok === true && message.streamed === true) {
          const stream = this.pending.stream;
          this.finish(null, stream.value(), false, stream.bytes);
        } else if (message.ok === true) {
          const payload = String(message.payload ?? 'null');
          if (Buffer.byteLength(payload) > MAX_RESPONSE_BYTES) {
            this.finish(tooLargeError(MAX_RESPONSE_BYTES));
          } else {
            this.finish(null, JSON.parse(payload) as unknown);
          }
        } else {
          this.finish(message.error as LambdaError);
        }
        return;
      }
      default:
        this.options.onMessage?.(message, (reply) => {
          if (!this.exited && this.child.connected) this.child.send(reply as object);
        });
    }
  }

  /** A piece of a streamed response: passed on, then acknowledged so the function writes the next. */
  private onStreamChunk(message: ChildMessage): void {
    const pending = this.pending;
    if (!pending || message.id !== pending.id) return;
    const contentType = typeof message.contentType === 'string' ? message.contentType : undefined;
    const data = message.data instanceof Uint8Array ? Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength) : Buffer.alloc(0);
    const taken = pending.stream.accept(data, contentType);
    if ('error' in taken) {
      // Lambda ends the stream there: the container, still writing, is not reused
      this.finish(taken.error);
      this.retired = true;
      this.kill();
      return;
    }
    const ack = () => {
      if (!this.exited && this.child.connected) this.child.send({ type: 'tsappa:serve:stream-ack', id: pending.id });
    };
    taken.passed.then(ack, ack);
  }

  /** Settles the pending invocation, if any. */
  finish(error: LambdaError | null, value?: unknown, timedOut = false, streamedBytes?: number): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.lastRequestId = pending.id;
    clearTimeout(pending.timer);
    const durationMs = Date.now() - pending.started;
    pending.resolve(
      error
        ? { ok: false, requestId: pending.id, error, timedOut, durationMs }
        : { ok: true, requestId: pending.id, value, durationMs, ...(streamedBytes === undefined ? {} : { streamedBytes }) },
    );
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

export class FunctionHost {
  private options: FunctionHostOptions;
  private readonly dir: string;
  private readonly workerFile: string;
  private containers = new Set<Container>();
  private waiting: Array<() => void> = [];
  private closed = false;

  constructor(options: FunctionHostOptions) {
    this.options = options;
    this.dir = mkdtempSync(join(options.tempDir ?? tmpdir(), 'tsappa-worker-'));
    this.workerFile = join(this.dir, 'worker.mjs');
    writeFileSync(this.workerFile, WORKER_SOURCE);
    writeFileSync(join(this.dir, WORKER_NODE_PATH_HOOK), NODE_PATH_HOOK_SOURCE);
  }

  get functionArn(): string {
    const { region, accountId = '000000000000', functionName } = this.options;
    return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
  }

  /** How many containers are alive (busy or idle). */
  get size(): number {
    return this.containers.size;
  }

  /** Runs one invocation to completion. Never rejects for the function's own errors. */
  async invoke(event: unknown, options: InvokeOptions = {}): Promise<InvokeOutcome> {
    const requestId = options.requestId ?? randomUUID();
    const timeoutMs = options.timeoutMs ?? this.options.timeoutSeconds * 1000;
    const started = Date.now();
    if (this.closed) return this.failure(requestId, started, 'Runtime.Closed', 'the local function is stopped');
    let container = await this.acquire();
    if (!container) return this.failure(requestId, started, 'Runtime.Closed', 'the local function is stopped');
    try {
      const first = await this.attempt(container, event, { requestId, timeoutMs, started, initLimitMs: INIT_LIMIT_MS, stream: options.stream });
      if (first !== 'init-timeout') return first;
      // init outlived its 10 s: a fresh container runs init and the handler under the function's timeout
      container.retired = true;
      this.release(container);
      container = this.spawn();
      return (await this.attempt(container, event, { requestId, timeoutMs, started, initLimitMs: null, stream: options.stream })) as InvokeOutcome;
    } finally {
      this.release(container);
    }
  }

  /**
   * Sends the event to `container` once its init is done. With `initLimitMs` the function's
   * timeout starts when the handler is called and an init past the limit answers 'init-timeout';
   * without it (a retried init) the timeout covers the init too.
   */
  private attempt(
    container: Container,
    event: unknown,
    run: { requestId: string; timeoutMs: number; started: number; initLimitMs: number | null; stream: StreamSink | undefined },
  ): Promise<InvokeOutcome | 'init-timeout'> {
    const { requestId, timeoutMs, started, initLimitMs } = run;
    return new Promise((resolve) => {
      const timeOut = () =>
        setTimeout(() => {
          const seconds = (timeoutMs / 1000).toFixed(2);
          container.finish(
            { errorType: 'Sandbox.Timedout', errorMessage: `${new Date().toISOString()} ${requestId} Task timed out after ${seconds} seconds` },
            undefined,
            true,
          );
          container.retired = true;
          container.kill();
        }, timeoutMs);
      const initTimeOut = (ms: number) =>
        setTimeout(() => {
          if (container.pending !== pending) return;
          container.pending = null;
          resolve('init-timeout');
        }, ms);
      const pending: Pending = {
        id: requestId,
        resolve,
        started,
        timer: initLimitMs === null ? timeOut() : initTimeOut(initLimitMs),
        stream: new InvocationStream(run.stream),
      };
      container.pending = pending;
      void container.ready.then((initError) => {
        if (container.pending !== pending) return;
        if (initLimitMs !== null) {
          clearTimeout(pending.timer);
          pending.timer = timeOut();
        }
        if (initError) {
          container.finish(initError);
          container.retired = true;
          container.kill();
          return;
        }
        const { functionName, region, memorySize } = this.options;
        const message = {
          type: 'tsappa:serve:invoke',
          id: requestId,
          event,
          deadline: Date.now() + timeoutMs,
          context: {
            awsRequestId: requestId,
            functionName,
            functionVersion: '$LATEST',
            invokedFunctionArn: `${this.functionArn}:live`,
            memoryLimitInMB: String(memorySize),
            logGroupName: `/aws/lambda/${functionName}`,
            logStreamName: `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${container.child.pid ?? 0}`,
            region,
          },
        };
        container.child.send(message, (err) => {
          if (err) container.finish({ errorType: 'Runtime.ExitError', errorMessage: err.message });
        });
      });
    });
  }

  /**
   * Replaces every container: idle ones now, busy ones when their invocation ends. Optionally
   * points the host at a new build (handler file, working directory, environment). The promise
   * resolves once every replaced container is gone, so the old build's files may be removed.
   */
  restart(update: Partial<Pick<FunctionHostOptions, 'handlerFile' | 'handlerExport' | 'cwd' | 'env'>> = {}): Promise<void> {
    this.options = { ...this.options, ...update };
    const replaced = [...this.containers];
    for (const container of replaced) {
      container.retired = true;
      if (!container.busy) container.kill();
    }
    return Promise.all(replaced.map((container) => container.gone())).then(() => undefined);
  }

  /** Kills every container; pending invocations end with a `Runtime.ExitError`. */
  async close(): Promise<void> {
    this.closed = true;
    const exits = [...this.containers].map((container) => container.gone());
    for (const container of this.containers) container.kill();
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all(exits);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private failure(requestId: string, started: number, errorType: string, errorMessage: string): InvokeOutcome {
    return { ok: false, requestId, error: { errorType, errorMessage }, timedOut: false, durationMs: Date.now() - started };
  }

  private async acquire(): Promise<Container | null> {
    for (;;) {
      if (this.closed) return null;
      for (const container of this.containers) {
        if (!container.busy && !container.retired && !container.exited) {
          container.busy = true;
          return container;
        }
      }
      if (this.containers.size < (this.options.maxConcurrency ?? 10)) return this.spawn();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** A new container, busy from the start. */
  private spawn(): Container {
    const container = new Container(this.workerFile, this.options, (gone) => {
      this.containers.delete(gone);
      this.wakeOne();
    });
    container.busy = true;
    this.containers.add(container);
    return container;
  }

  private release(container: Container): void {
    container.busy = false;
    if (container.retired || this.closed) container.kill();
    this.wakeOne();
  }

  private wakeOne(): void {
    this.waiting.shift()?.();
  }
}
