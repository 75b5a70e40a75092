/**
 * Buffers the replies of one streamed request until its consumer pulls them, and remembers when
 * the last one arrived so a periodic sweep can time out silent streams without a timer per message.
 */
export class ReplyQueue<T> {
  private readonly items: T[] = [];
  private waiter: { resolve: (item: T) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  /** Epoch ms of the last arrival (or of creation). */
  lastActivity = Date.now();
  /** Largest silence allowed now, in ms; changes once the stream is acknowledged. */
  silenceLimitMs: number;
  /** Which timeout applies while silent. */
  phase: 'ack' | 'idle' = 'ack';

  constructor(
    silenceLimitMs: number,
    /** Epoch ms at which the stream fails regardless of activity. */
    readonly deadline: number = Number.POSITIVE_INFINITY,
  ) {
    this.silenceLimitMs = silenceLimitMs;
  }

  push(item: T): void {
    this.lastActivity = Date.now();
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter.resolve(item);
    } else {
      this.items.push(item);
    }
  }

  /** Fails the stream: the pending and every later `next()` reject with `error`. */
  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(error);
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** The next item, in arrival order. Items already buffered are delivered before a failure. */
  next(): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }
}
