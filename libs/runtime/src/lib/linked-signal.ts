/** A signal that aborts when any of its sources does, until `unlink()` detaches it from them. */
export interface LinkedSignal {
  signal: AbortSignal;
  /** Removes its listeners from the sources; call it when the work the signal guards is over. */
  unlink(): void;
}

/**
 * Like `AbortSignal.any(sources)`, without its leak: on Node 20 a signal made by `AbortSignal.any` stays
 * referenced by every source until that source aborts or is collected, so combining a per-request signal
 * with a process-long one (the shutdown cut, say) keeps one entry per request forever (nodejs/node#55351).
 * Here the listeners come off the sources when the work is over.
 */
export function linkSignals(sources: readonly AbortSignal[]): LinkedSignal {
  const controller = new AbortController();
  const aborted = sources.find((s) => s.aborted);
  if (aborted) {
    controller.abort(aborted.reason);
    return { signal: controller.signal, unlink: () => undefined };
  }
  const listeners = sources.map((source) => {
    const onAbort = (): void => controller.abort(source.reason);
    source.addEventListener('abort', onAbort, { once: true });
    return { source, onAbort };
  });
  return {
    signal: controller.signal,
    unlink: () => {
      for (const { source, onAbort } of listeners) source.removeEventListener('abort', onAbort);
    },
  };
}
