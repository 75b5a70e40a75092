import type { KeyLimits } from './key-record';
import type { UsageCounters } from './windows';

/**
 * Budget a process has counted in a key's shared counters ahead of use: requests (in the minute and the
 * day) and tokens (in the minute) it may admit on its own, with no KV operation. What it does not use goes
 * back with the key's next write; tokens go negative when reconciled requests used more than reserved.
 */
export interface Lease {
  minuteStart: number;
  dayStart: number;
  requests: number;
  tokens: number;
}

/** The largest lease, in requests. */
export const MAX_LEASE_REQUESTS = 1024;
/** A lease takes at most this share of what a window has left, so other replicas find budget too. */
export const LEASE_SHARE = 0.1;

export const NO_LEASE: Lease = Object.freeze({ minuteStart: 0, dayStart: 0, requests: 0, tokens: 0 });

/** The counters with the unused part of `lease` given back (only to the windows it was taken in). */
export function settle(counters: UsageCounters, lease: Lease): UsageCounters {
  if (lease.requests === 0 && lease.tokens === 0) return counters;
  const minute = counters.minute.start === lease.minuteStart;
  const day = counters.day.start === lease.dayStart;
  if (!minute && !day) return counters;
  return {
    minute: minute
      ? {
          ...counters.minute,
          requests: Math.max(0, counters.minute.requests - lease.requests),
          tokens: Math.max(0, counters.minute.tokens - lease.tokens),
        }
      : counters.minute,
    day: day ? { ...counters.day, requests: Math.max(0, counters.day.requests - lease.requests) } : counters.day,
  };
}

/**
 * Takes a lease of up to `size` requests of `tokensEach` tokens from what the windows have left (at most
 * `LEASE_SHARE` of it): the counters with the lease counted in, and the lease. None when a window is
 * nearly spent, so a key near its limit is decided request by request, exactly.
 */
export function grant(counters: UsageCounters, limits: KeyLimits, size: number, tokensEach: number): { counters: UsageCounters; lease: Lease } {
  const requestsLeft = Math.min(limits.rpm - counters.minute.requests, limits.rpd - counters.day.requests);
  const tokensLeft = limits.tpm - counters.minute.tokens;
  let requests = Math.min(size, Math.floor(requestsLeft * LEASE_SHARE));
  if (tokensEach > 0) requests = Math.min(requests, Math.floor((tokensLeft * LEASE_SHARE) / tokensEach));
  if (requests <= 0) return { counters, lease: { minuteStart: counters.minute.start, dayStart: counters.day.start, requests: 0, tokens: 0 } };
  const tokens = requests * tokensEach;
  return {
    counters: {
      minute: { ...counters.minute, requests: counters.minute.requests + requests, tokens: counters.minute.tokens + tokens },
      day: { ...counters.day, requests: counters.day.requests + requests },
    },
    lease: { minuteStart: counters.minute.start, dayStart: counters.day.start, requests, tokens },
  };
}

/** True when `lease` can admit one request of `tokens` in the minute starting at `minuteStart`. */
export function covers(lease: Lease, minuteStart: number, tokens: number): boolean {
  return lease.minuteStart === minuteStart && lease.requests >= 1 && lease.tokens >= tokens;
}

/** `lease` with the token corrections (`extra.tokens`) reconciled into `extra` while it was being written. */
export function withCorrections(lease: Lease, extra: Lease | undefined): Lease {
  if (!extra || extra.tokens === 0) return lease;
  if (lease.requests === 0 && lease.tokens === 0) return extra;
  return lease.minuteStart === extra.minuteStart ? { ...lease, tokens: lease.tokens + extra.tokens } : lease;
}
