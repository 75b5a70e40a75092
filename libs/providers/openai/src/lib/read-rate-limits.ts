import type { RateLimitSnapshot, RateLimitWindow } from '@switchyard/contracts';
import { retryAfterMs, type HeaderMap } from '@switchyard/providers-core';
import { parseDuration } from './parse-duration';

function count(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : undefined;
}

/** One window from `x-ratelimit-{limit,remaining,reset}-<kind>`, or undefined when none is readable. */
function readWindow(headers: HeaderMap, kind: 'requests' | 'tokens', now: number): RateLimitWindow | undefined {
  const window: RateLimitWindow = {};
  const limit = count(headers[`x-ratelimit-limit-${kind}`]);
  if (limit !== undefined) window.limit = limit;
  const remaining = count(headers[`x-ratelimit-remaining-${kind}`]);
  if (remaining !== undefined) window.remaining = remaining;
  const reset = headers[`x-ratelimit-reset-${kind}`];
  const resetMs = reset === undefined ? undefined : parseDuration(reset);
  if (resetMs !== undefined) window.resetAt = Math.round(now + resetMs);
  return Object.keys(window).length > 0 ? window : undefined;
}

/**
 * OpenAI's rate-limit headers (https://platform.openai.com/docs/guides/rate-limits#rate-limits-in-headers),
 * which Groq and others send too: limit, remaining and reset (a duration) for requests and for
 * tokens, plus `retry-after`/`retry-after-ms`. Undefined when none of them can be read.
 */
export function readRateLimits(headers: HeaderMap, now: number): RateLimitSnapshot | undefined {
  const snapshot: RateLimitSnapshot = { observedAt: now };
  const requests = readWindow(headers, 'requests', now);
  if (requests) snapshot.requests = requests;
  const tokens = readWindow(headers, 'tokens', now);
  if (tokens) snapshot.tokens = tokens;
  const wait = retryAfterMs(headers, now);
  if (wait !== undefined) snapshot.retryAfterUntil = now + wait;
  return requests || tokens || wait !== undefined ? snapshot : undefined;
}
