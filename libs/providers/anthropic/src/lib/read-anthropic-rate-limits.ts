import type { RateLimitSnapshot, RateLimitWindow } from '@switchyard/contracts';
import { retryAfterMs, type HeaderMap } from '@switchyard/providers-core';

/** The snapshot's windows and the header infix Anthropic names each with. */
const WINDOWS = {
  requests: 'requests',
  tokens: 'tokens',
  inputTokens: 'input-tokens',
  outputTokens: 'output-tokens',
} as const satisfies Record<string, string>;

function count(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

function timestamp(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value.trim());
  return Number.isNaN(time) ? undefined : time;
}

/** One window from `anthropic-ratelimit-<name>-{limit,remaining,reset}`, or undefined when none is readable. */
function readWindow(headers: HeaderMap, name: string): RateLimitWindow | undefined {
  const prefix = `anthropic-ratelimit-${name}`;
  const window: RateLimitWindow = {};
  const limit = count(headers[`${prefix}-limit`]);
  const remaining = count(headers[`${prefix}-remaining`]);
  const resetAt = timestamp(headers[`${prefix}-reset`]);
  if (limit !== undefined) window.limit = limit;
  if (remaining !== undefined) window.remaining = remaining;
  if (resetAt !== undefined) window.resetAt = resetAt;
  return Object.keys(window).length > 0 ? window : undefined;
}

/**
 * Anthropic's rate-limit headers (`anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-
 * {limit,remaining,reset}`, resets as RFC 3339 times) and `retry-after` → a snapshot taken at `now`,
 * or undefined when none of them is present and readable.
 * Reference: https://docs.anthropic.com/en/api/rate-limits#response-headers
 */
export function readAnthropicRateLimits(headers: HeaderMap, now: number): RateLimitSnapshot | undefined {
  const snapshot: RateLimitSnapshot = { observedAt: now };
  for (const [key, name] of Object.entries(WINDOWS) as [keyof typeof WINDOWS, string][]) {
    const window = readWindow(headers, name);
    if (window) snapshot[key] = window;
  }
  const wait = retryAfterMs(headers, now);
  if (wait !== undefined) snapshot.retryAfterUntil = now + wait;
  return Object.keys(snapshot).length > 1 ? snapshot : undefined;
}
