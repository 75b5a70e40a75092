import { z } from 'zod';
import type { KeyLimits } from './key-record';

/** Length of the per-minute window, in ms. */
export const MINUTE_MS = 60_000;
/** Length of the per-day window (UTC days), in ms. */
export const DAY_MS = 86_400_000;

/** One key's usage in its current fixed windows, as stored in the counter bucket. */
export const UsageCountersSchema = z.object({
  /** The current minute: when it started (epoch ms), requests and tokens counted in it. */
  minute: z.object({ start: z.number().int(), requests: z.number().int().min(0), tokens: z.number().int().min(0) }),
  /** The current UTC day: when it started (epoch ms) and requests counted in it. */
  day: z.object({ start: z.number().int(), requests: z.number().int().min(0) }),
});
export type UsageCounters = z.infer<typeof UsageCountersSchema>;

/** Which limit a refused request hit. */
export type LimitKind = 'requests' | 'tokens';

/** Why a request is refused: the limit, what was used, what it asked for, and how long to wait. */
export interface Refusal {
  kind: LimitKind;
  window: 'minute' | 'day';
  limit: number;
  used: number;
  requested: number;
  retryAfterMs: number;
}

/** Limit, remaining budget and reset of one kind of limit. */
export interface WindowState {
  limit: number;
  remaining: number;
  /** Time until the window resets, from the moment the state was read (ms). */
  resetMs: number;
  /** When the window resets (epoch ms): the same moment as `resetMs`, without depending on when it is read. */
  resetAt: number;
}

/** What the rate-limit headers report: requests (the tighter of the minute and the day) and tokens. */
export interface RateLimitState {
  requests: WindowState & { window: 'minute' | 'day' };
  tokens: WindowState;
}

/** Start of the fixed window of `length` ms that holds `now`. */
export function windowStart(now: number, length: number): number {
  return Math.floor(now / length) * length;
}

/**
 * The counters as of `now`: a window that has ended starts again from zero. A stored window later
 * than `now`'s (another replica's clock runs a little ahead) is kept, so replicas never undo each other.
 */
export function rollCounters(stored: UsageCounters | undefined, now: number): UsageCounters {
  const minute = windowStart(now, MINUTE_MS);
  const day = windowStart(now, DAY_MS);
  return {
    minute: stored && stored.minute.start >= minute ? { ...stored.minute } : { start: minute, requests: 0, tokens: 0 },
    day: stored && stored.day.start >= day ? { ...stored.day } : { start: day, requests: 0 },
  };
}

/** Whether one more request reserving `tokens` fits; the longest wait wins when several limits are hit. */
export function judge(counters: UsageCounters, limits: KeyLimits, tokens: number, now: number): Refusal | undefined {
  const minuteLeft = counters.minute.start + MINUTE_MS - now;
  const dayLeft = counters.day.start + DAY_MS - now;
  if (counters.day.requests + 1 > limits.rpd) {
    return { kind: 'requests', window: 'day', limit: limits.rpd, used: counters.day.requests, requested: 1, retryAfterMs: dayLeft };
  }
  if (counters.minute.requests + 1 > limits.rpm) {
    return { kind: 'requests', window: 'minute', limit: limits.rpm, used: counters.minute.requests, requested: 1, retryAfterMs: minuteLeft };
  }
  if (counters.minute.tokens + tokens > limits.tpm) {
    return { kind: 'tokens', window: 'minute', limit: limits.tpm, used: counters.minute.tokens, requested: tokens, retryAfterMs: minuteLeft };
  }
  return undefined;
}

/** The counters with one more request and `tokens` more tokens. */
export function charge(counters: UsageCounters, tokens: number): UsageCounters {
  return {
    minute: { ...counters.minute, requests: counters.minute.requests + 1, tokens: counters.minute.tokens + tokens },
    day: { ...counters.day, requests: counters.day.requests + 1 },
  };
}

/** Limits, remaining budget and resets for the headers; requests report whichever window has less left. */
export function rateLimitState(counters: UsageCounters, limits: KeyLimits, now: number): RateLimitState {
  const minuteEnd = counters.minute.start + MINUTE_MS;
  const dayEnd = counters.day.start + DAY_MS;
  const minute = {
    window: 'minute' as const,
    limit: limits.rpm,
    remaining: Math.max(0, limits.rpm - counters.minute.requests),
    resetMs: Math.max(0, minuteEnd - now),
    resetAt: minuteEnd,
  };
  const day = {
    window: 'day' as const,
    limit: limits.rpd,
    remaining: Math.max(0, limits.rpd - counters.day.requests),
    resetMs: Math.max(0, dayEnd - now),
    resetAt: dayEnd,
  };
  return {
    requests: day.remaining < minute.remaining ? day : minute,
    tokens: { limit: limits.tpm, remaining: Math.max(0, limits.tpm - counters.minute.tokens), resetMs: minute.resetMs, resetAt: minuteEnd },
  };
}
