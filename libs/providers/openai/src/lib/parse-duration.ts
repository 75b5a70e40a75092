/** Milliseconds per unit of Go's `time.Duration` text. */
const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, 'µs': 0.001, 'μs': 0.001, ns: 0.000001 };

/**
 * Milliseconds in a Go-style duration, as OpenAI's `x-ratelimit-reset-*` headers send them
 * (`1s`, `6m0s`, `20ms`, `1h2m3.5s`; https://platform.openai.com/docs/guides/rate-limits#rate-limits-in-headers),
 * or undefined when the text is not one. A bare `0` is zero, as in Go.
 */
export function parseDuration(text: string): number | undefined {
  const value = text.trim();
  if (value === '0') return 0;
  if (value === '') return undefined;
  // A number and its unit, anchored where the last ended; `ms` before `m` so that `20ms` is not 20 minutes.
  const term = /(\d+(?:\.\d+)?|\.\d+)(ms|us|µs|μs|ns|h|m|s)/y;
  let total = 0;
  while (term.lastIndex < value.length) {
    const match = term.exec(value);
    if (!match) return undefined;
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
  }
  return Number.isFinite(total) ? total : undefined;
}
