import { covers, grant, LEASE_SHARE, MAX_LEASE_REQUESTS, NO_LEASE, settle, withCorrections, type Lease } from './lease';
import type { UsageCounters } from './windows';

const MINUTE = Date.UTC(2025, 5, 1, 8, 0, 0);
const DAY = Date.UTC(2025, 5, 1);
const counters = (requests: number, tokens: number, dayRequests = requests): UsageCounters => ({
  minute: { start: MINUTE, requests, tokens },
  day: { start: DAY, requests: dayRequests },
});
const LIMITS = { rpm: 1_000, tpm: 1_000_000, rpd: 100_000 };

describe('leases of a key’s budget', () => {
  it('grants at most the asked size, a tenth of what is left, and what the tokens allow', () => {
    expect(grant(counters(0, 0), LIMITS, 50, 100).lease).toMatchObject({ requests: 50, tokens: 5_000 });
    // 1,000 - 900 = 100 requests left: a tenth is 10.
    expect(grant(counters(900, 0), LIMITS, 50, 100).lease.requests).toBe(10);
    // 1,000,000 - 999,000 tokens left: a tenth is 100, one request of 100 tokens.
    expect(grant(counters(0, 999_000), LIMITS, 50, 100).lease.requests).toBe(1);
    // The day is the tighter window.
    expect(grant(counters(0, 0, 99_990), LIMITS, 50, 1).lease.requests).toBe(1);
  });

  it('grants nothing near a limit, so such a key is decided request by request', () => {
    const near = grant(counters(991, 0), LIMITS, 50, 1);
    expect(near.lease.requests).toBe(0);
    expect(near.counters).toEqual(counters(991, 0));
  });

  it('counts the lease in the counters it grants from', () => {
    expect(grant(counters(10, 100), LIMITS, 5, 20).counters).toEqual(counters(15, 200, 15));
    expect(LEASE_SHARE).toBeLessThan(1);
    expect(MAX_LEASE_REQUESTS).toBeGreaterThan(1);
  });

  it('gives back the unused part to the windows it came from only', () => {
    const lease: Lease = { minuteStart: MINUTE, dayStart: DAY, requests: 3, tokens: 300 };
    expect(settle(counters(10, 1_000), lease)).toEqual(counters(7, 700));
    // A new minute: only the day gets its requests back.
    const nextMinute: UsageCounters = { minute: { start: MINUTE + 60_000, requests: 2, tokens: 50 }, day: { start: DAY, requests: 20 } };
    expect(settle(nextMinute, lease)).toEqual({ minute: nextMinute.minute, day: { start: DAY, requests: 17 } });
  });

  it('charges what reconciled requests used beyond their reservations (negative tokens), and never below zero', () => {
    expect(settle(counters(10, 1_000), { minuteStart: MINUTE, dayStart: DAY, requests: 0, tokens: -250 })).toEqual(counters(10, 1_250));
    expect(settle(counters(1, 10), { minuteStart: MINUTE, dayStart: DAY, requests: 5, tokens: 500 })).toEqual(counters(0, 0));
    expect(settle(counters(1, 10), NO_LEASE)).toEqual(counters(1, 10));
  });

  it('admits from a lease only in its minute and while it has a request and the tokens', () => {
    const lease: Lease = { minuteStart: MINUTE, dayStart: DAY, requests: 1, tokens: 100 };
    expect(covers(lease, MINUTE, 100)).toBe(true);
    expect(covers(lease, MINUTE, 101)).toBe(false);
    expect(covers(lease, MINUTE + 60_000, 1)).toBe(false);
    expect(covers({ ...lease, requests: 0 }, MINUTE, 1)).toBe(false);
  });

  it('keeps the corrections reconciled while a lease was being written', () => {
    const granted: Lease = { minuteStart: MINUTE, dayStart: DAY, requests: 7, tokens: 700 };
    const during: Lease = { minuteStart: MINUTE, dayStart: DAY, requests: 0, tokens: -40 };
    expect(withCorrections(granted, during)).toEqual({ ...granted, tokens: 660 });
    expect(withCorrections(NO_LEASE, during)).toEqual(during);
    expect(withCorrections(granted, undefined)).toEqual(granted);
  });
});
