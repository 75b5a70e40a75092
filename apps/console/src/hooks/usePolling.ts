import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { ApiError } from '../data/api-error';

export interface Polled<T> {
  data: T | null;
  /** The last failure; kept data stays shown beside it. */
  error: ApiError | null;
  loading: boolean;
  /** Loads again now (e.g. after a change the page made). */
  refresh(): void;
}

/**
 * Loads now and then every `intervalMs` (null: once) after each answer, so slow answers never pile up; starts over
 * when `deps` change and stops on unmount, cancelling the call in flight.
 */
export function usePolling<T>(load: (signal: AbortSignal) => Promise<T>, intervalMs: number | null, deps: readonly unknown[] = []): Polled<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  // The latest load function, so a new closure each render does not restart polling.
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function tick(): Promise<void> {
      setLoading(true);
      try {
        const value = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        setData(value);
        setError(null);
      } catch (caught) {
        if (controller.signal.aborted) return;
        const failure = caught instanceof ApiError ? caught : new ApiError(caught instanceof Error ? caught.message : String(caught), null);
        if (!failure.aborted) setError(failure);
      }
      setLoading(false);
      if (intervalMs !== null && !controller.signal.aborted) timer = setTimeout(() => void tick(), intervalMs);
    }
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
    // The caller's deps (not the load closure) decide when to start over.
  }, [intervalMs, generation, ...deps]);

  const refresh = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, error, loading, refresh };
}
