/**
 * Turns callbacks into an async iterable for one consumer: the producer pushes items and then
 * closes or fails the channel; the consumer iterates, receiving every item pushed before a close
 * or failure. Bridges node-llama-cpp's `onTextChunk` callbacks to a stream of events.
 */
export class EventChannel<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  private failure: { error: unknown } | undefined;

  /** Adds an item; ignored once the channel is closed. */
  push(item: T): void {
    if (this.closed) return;
    this.items.push(item);
    this.notify();
  }

  /** Ends the stream after the items already pushed (and `last`, when given). */
  close(last?: T): void {
    if (last !== undefined) this.push(last);
    this.closed = true;
    this.notify();
  }

  /** Ends the stream with an error, thrown after the items already pushed. */
  fail(error: unknown): void {
    if (this.closed) return;
    this.failure = { error };
    this.closed = true;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.items.length > 0) {
        yield this.items.shift() as T;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
