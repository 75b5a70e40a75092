// How long `npm start` waits before starting a service again that exited on its own: 0.5 s, doubling with each
// exit in a row up to 10 s; a service that ran for a minute or more starts the count again.
export const FIRST_DELAY_MS = 500;
export const MAX_DELAY_MS = 10_000;
export const HEALTHY_RUN_MS = 60_000;

/** The delay before the next start, and the count of exits in a row to remember, after a run of `ranMs`. */
export function nextRestart(exitsInRow, ranMs) {
  const count = ranMs >= HEALTHY_RUN_MS ? 1 : exitsInRow + 1;
  return { delayMs: Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (count - 1)), exitsInRow: count };
}
