/**
 * An in-memory connection for the in-process fetch's requests that reach the Express app: Node's own
 * HTTP client and server at its two ends, so below the socket is the code path a real connection takes.
 */
import { Duplex } from 'node:stream';

/** One end of an in-memory connection: what one end writes, the other reads (with backpressure). */
export class MemorySocket extends Duplex {
  peer!: MemorySocket;
  /** The write waiting for this end's reader to want more. */
  private pending: (() => void) | null = null;
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 0;
  readonly remoteFamily = 'IPv4';
  readonly localAddress = '127.0.0.1';
  readonly localPort = 0;

  static pair(): [MemorySocket, MemorySocket] {
    const a = new MemorySocket();
    const b = new MemorySocket();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.peer.destroyed) return done(new Error('socket closed'));
    if (this.peer.push(chunk)) done();
    else this.peer.pending = () => done();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.peer.push(null);
    done();
  }

  override _read(): void {
    const resume = this.pending;
    this.pending = null;
    resume?.();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    // A connection closes at both ends.
    if (!this.peer.destroyed) this.peer.destroy();
    done(error);
  }

  // What HTTP code calls on a net.Socket: no-ops in memory.
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  setTimeout(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/** True for the server end of an in-process connection: it cannot come from a browser or the network. */
export function isInProcessSocket(socket: unknown): boolean {
  return socket instanceof MemorySocket;
}

