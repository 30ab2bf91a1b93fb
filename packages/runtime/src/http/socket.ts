/**
 * A stand-in for the TCP socket under a request/response pair: no network, no buffering.
 * Writes go straight to the invocation's owner; the rest answers what Node's HTTP code and
 * frameworks ask of a socket (`remoteAddress`, `encrypted`, `cork`, `setTimeout`…).
 */
import { EventEmitter } from 'node:events';

export interface SocketOwner {
  write(chunk: string | Uint8Array, encoding: BufferEncoding | undefined): boolean;
  destroy(error: Error | undefined): void;
}

type WriteCallback = (error?: Error | null) => void;

const noop = function (this: LambdaSocket): LambdaSocket {
  return this;
};

export class LambdaSocket extends EventEmitter {
  remoteAddress: string | undefined;
  destroyed = false;
  /** the response this socket carries (Node's own field name) */
  _httpMessage: unknown = null;
  private readonly owner: SocketOwner;

  declare readonly encrypted: boolean;
  declare readonly readable: boolean;
  declare readonly writable: boolean;
  declare readonly writableCorked: number;
  declare readonly writableLength: number;
  declare readonly writableHighWaterMark: number;
  declare readonly remoteFamily: string;
  declare readonly remotePort: number;
  declare readonly localAddress: string;
  declare readonly localPort: number;
  declare readonly _writableState: { corked: number };
  declare cork: () => void;
  declare uncork: () => void;
  declare pause: () => this;
  declare resume: () => this;
  declare ref: () => this;
  declare unref: () => this;
  declare setTimeout: (ms: number, callback?: () => void) => this;
  declare setNoDelay: (noDelay?: boolean) => this;
  declare setKeepAlive: (enable?: boolean, delay?: number) => this;
  declare destroySoon: () => void;

  constructor(remoteAddress: string | undefined, owner: SocketOwner) {
    super();
    this.remoteAddress = remoteAddress;
    this.owner = owner;
  }

  write(chunk: string | Uint8Array, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean {
    if (typeof encoding === 'function') {
      callback = encoding;
      encoding = undefined;
    }
    const ok = this.owner.write(chunk, encoding);
    // Like a real socket, completion is reported asynchronously ('finish' follows end()).
    if (callback) process.nextTick(callback);
    return ok;
  }

  destroy(error?: Error): this {
    if (!this.destroyed) {
      this.destroyed = true;
      this.owner.destroy(error);
    }
    return this;
  }

  end(): this {
    return this;
  }

  address(): { address: string; family: string; port: number } {
    return { address: this.localAddress, family: 'IPv4', port: this.localPort };
  }
}

// Constant answers live on the prototype: nothing to set up per request.
Object.assign(LambdaSocket.prototype, {
  encrypted: true, // API Gateway, Function URLs and ALB listeners here are HTTPS
  // Readable like a live connection: body parsers (on-finished) take a non-readable socket for a consumed request.
  readable: true,
  writable: true,
  // Permanently "corked": OutgoingMessage then skips its cork-and-uncork-next-tick per write.
  writableCorked: 1,
  writableLength: 0,
  writableHighWaterMark: 16 * 1024,
  remoteFamily: 'IPv4',
  remotePort: 0,
  localAddress: '127.0.0.1',
  localPort: 443,
  _writableState: { corked: 0 },
  cork: noop,
  uncork: noop,
  pause: noop,
  resume: noop,
  ref: noop,
  unref: noop,
  setTimeout: noop,
  setNoDelay: noop,
  setKeepAlive: noop,
  destroySoon: noop,
});
