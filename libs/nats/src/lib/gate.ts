/** Longest a gated stream whose handler has finished waits to be opened or cancelled (its requester may have died). */
const GATE_LIMIT_MS = 30_000;

/** Resolves when a gated stream has been opened or discarded, its requester cancelled, or the gate's limit passed. */
export function untilSettled(settled: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, GATE_LIMIT_MS);
    signal.addEventListener('abort', done, { once: true });
    void settled.then(done);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
