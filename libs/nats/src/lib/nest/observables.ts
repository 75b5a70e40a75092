import { Observable } from 'rxjs';

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
        // Before completing, whose teardown would otherwise abort (an abort costs a DOMException with its stack).
        running = false;
        subscriber.complete();
      } catch (error) {
        running = false;
        subscriber.error(error);
      }
    })();
    return () => {
      if (!running) return;
      running = false;
      controller.abort();
      // Queued behind a pending `next`: the generator's own `finally` runs once that settles.
      void iterator.return?.(undefined)?.catch(() => undefined);
    };
  });
}
