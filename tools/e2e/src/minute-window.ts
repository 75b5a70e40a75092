/** Waits, when needed, so that the next `seconds` fall inside one fixed (wall-clock) minute window of the rate limiter. */
export async function inOneMinuteWindow(seconds: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < seconds * 1_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}
