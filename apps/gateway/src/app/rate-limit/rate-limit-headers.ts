import type { RateLimitState } from '@switchyard/keys';

/**
 * A wait in OpenAI's `x-ratelimit-reset-*` format (Go's duration format): `120ms`, `1s`, `1.5s`,
 * `6m0s`, `1h2m3s`.
 */
export function formatResetDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms));
  if (total === 0) return '0s';
  if (total < 1_000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = `${Number(((total % 60_000) / 1_000).toFixed(3))}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}

/** Whole seconds to wait for `Retry-After` (rounded up, at least 1). */
export function waitSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1_000));
}

/** A moment (epoch ms) as a Unix time in whole seconds, rounded up: when a window resets. */
export function resetEpochSeconds(resetAt: number): number {
  return Math.ceil(resetAt / 1_000);
}

/**
 * The rate-limit headers of a response: `X-RateLimit-*` for requests (the tighter of the minute and
 * the day; `Reset` as the Unix time in seconds when that window resets, as GitHub's and Inferneo's
 * APIs send it) and OpenAI's `x-ratelimit-*-requests` / `-tokens` (resets as durations).
 */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  const { requests, tokens } = state;
  return {
    'X-RateLimit-Limit': String(requests.limit),
    'X-RateLimit-Remaining': String(requests.remaining),
    'X-RateLimit-Reset': String(resetEpochSeconds(requests.resetAt)),
    'x-ratelimit-limit-requests': String(requests.limit),
    'x-ratelimit-remaining-requests': String(requests.remaining),
    'x-ratelimit-reset-requests': formatResetDuration(requests.resetMs),
    'x-ratelimit-limit-tokens': String(tokens.limit),
    'x-ratelimit-remaining-tokens': String(tokens.remaining),
    'x-ratelimit-reset-tokens': formatResetDuration(tokens.resetMs),
  };
}
