import { Observable, type Subscribable } from 'rxjs';
import { StreamAbortedError } from '../errors';

/**
 * An Observable of what `produce` yields. Each subscription runs `produce` anew; unsubscribing aborts the
 * signal it was given (the producer stops waiting on whatever it waits for) and ends the iteration.
 */
export function observe<T>(produce: (signal: AbortSignal) => AsyncIterable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    const iterator = produce(controller.signal)[Symbol.asyncIterator]();
    let running = true;
    void (async () => {
      try {
        for (let step = await iterator.next(); !step.done; step = await iterator.next()) {
          if (subscriber.closed) return;
          subscriber.next(step.value);
        }
        subscriber.complete();
      } catch (error) {
        subscriber.error(error);
      } finally {
        running = false;
      }
    })();
    return () => {
      if (!running) return;
      controller.abort();
      // Queued behind a pending `next`: the generator's own `finally` runs once that settles.
      void iterator.return?.(undefined)?.catch(() => undefined);
    };
  });
}

/**
 * Iterates an Observable: values are buffered until read, its error is thrown, and it is unsubscribed
 * when the reader stops early or `signal` aborts (the iteration then throws `StreamAbortedError`, as a
 * requested stream does).
 */
export async function* iterate<T>(source: Subscribable<T>, signal?: AbortSignal): AsyncGenerator<T> {
  const values: T[] = [];
  let ended: { error?: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const subscription = source.subscribe({
    next: (value) => {
      values.push(value);
      notify();
    },
    error: (error: unknown) => {
      ended = { error };
      notify();
    },
    complete: () => {
      ended = {};
      notify();
    },
  });
  const onAbort = (): void => notify();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (signal?.aborted) throw new StreamAbortedError();
      if (values.length > 0) {
        yield values.shift() as T;
        continue;
      }
      if (ended !== undefined) {
        if ('error' in ended) throw ended.error;
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    subscription.unsubscribe();
  }
}
