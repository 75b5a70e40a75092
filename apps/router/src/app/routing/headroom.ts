import type { RateLimitWindow, UpstreamStatus } from '@switchyard/contracts';

/** How long a reading of "nothing left" without a reset time is trusted, in ms. */
const UNKNOWN_RESET_MS = 1_000;

/** When a window has less than `needed` left, the epoch ms it resets (or a short guess); else undefined. */
function exhaustedUntil(window: RateLimitWindow | undefined, needed: number, observedAt: number): number | undefined {
  if (window?.remaining === undefined || window.remaining >= needed) return undefined;
  return window.resetAt ?? observedAt + UNKNOWN_RESET_MS;
}

/**
 * Epoch ms until which the provider has no headroom for a request of about `promptTokens`, or
 * undefined when it has some (or reports nothing). Reads the last rate-limit headers and `retry-after`.
 */
export function noHeadroomUntil(upstream: UpstreamStatus | undefined, promptTokens: number, now: number): number | undefined {
  const limits = upstream?.rateLimits;
  if (!limits) return undefined;
  const until = [
    limits.retryAfterUntil,
    exhaustedUntil(limits.requests, 1, limits.observedAt),
    exhaustedUntil(limits.tokens, Math.max(1, promptTokens), limits.observedAt),
    exhaustedUntil(limits.inputTokens, Math.max(1, promptTokens), limits.observedAt),
    exhaustedUntil(limits.outputTokens, 1, limits.observedAt),
  ].filter((t): t is number => t !== undefined && t > now);
  return until.length === 0 ? undefined : Math.max(...until);
}
