import { StreamAbortedError } from './errors';
import type { PushSource } from './transport';

/**
 * Iterates a push source: values are buffered until read, its error is thrown after them, and it is
 * unsubscribed when the reader stops early or `signal` aborts; after an abort the values already buffered are
 * read, then `StreamAbortedError` is thrown.
 */
export async function* iterate<T>(source: PushSource<T>, signal?: AbortSignal): AsyncGenerator<T> {
  const values: T[] = [];
  let ended: { error?: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  if (signal?.aborted) throw new StreamAbortedError();
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
  const onAbort = (): void => {
    subscription.unsubscribe();
    ended ??= { error: new StreamAbortedError() };
    notify();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
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
