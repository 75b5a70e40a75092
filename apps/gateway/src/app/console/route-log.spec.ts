import type { RouteEntry } from '@switchyard/contracts';
import { usageEvent } from '@switchyard/testing';
import { isError, percentile, RouteLog } from './route-log';

const T0 = 1_800_000_000_000;

/** A finished request at T0 (a multiple of 10 s): 100 ms, first token at 20 ms, 15 tokens. */
function entry(overrides: Partial<RouteEntry> = {}): RouteEntry {
  return { ...usageEvent({ receivedAt: T0, keyId: 'open', promptTokens: 10, completionTokens: 5, durationMs: 100, ttftMs: 20 }), keyName: null, ...overrides };
}

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('isError', () => {
  it('counts refusals and streams that broke after they began', () => {
    expect(isError({ status: 200, errorCode: null })).toBe(false);
    expect(isError({ status: 429, errorCode: 'rate_limit_exceeded' })).toBe(true);
    expect(isError({ status: 200, errorCode: 'upstream_error' })).toBe(true);
  });
});

describe('RouteLog', () => {
  it('lists the latest requests newest first, keeping at most its capacity', () => {
    const log = new RouteLog({ capacity: 3, bucketMs: 10_000, windowMs: 60_000, samplesPerBucket: 10 });
    for (let i = 0; i < 5; i++) log.add(entry({ requestId: `r${i}` }), T0 + 1_000);
    expect(log.latest(10).map((e) => e.requestId)).toEqual(['r4', 'r3', 'r2']);
    expect(log.latest(2).map((e) => e.requestId)).toEqual(['r4', 'r3']);
  });

  it('counts each request in the slice it finished in, with every slice of the window present', () => {
    const log = new RouteLog({ capacity: 10, bucketMs: 10_000, windowMs: 60_000, samplesPerBucket: 10 });
    const now = T0 + 55_000;
    // Finishes at T0 + 100 ms: the slice starting at T0 (T0 is a multiple of 10 s).
    log.add(entry({ durationMs: 100 }), now);
    log.add(entry({ durationMs: 300, ttftMs: null, status: 502, errorCode: 'upstream_error', backend: null, promptTokens: 0, completionTokens: 0 }), now);
    // Finishes 12 s later: the next slice.
    log.add(entry({ receivedAt: T0 + 12_000, durationMs: 50, ttftMs: 5 }), now);
    const overview = log.overview(now);
    expect(overview.buckets).toHaveLength(6);
    expect(overview.buckets.map((b) => b.start - T0)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000]);
    const [first, second, ...rest] = overview.buckets;
    expect(first).toMatchObject({ requests: 2, errors: 1, latencyP50Ms: 100, latencyP99Ms: 300, ttftP50Ms: 20, ttftP99Ms: 20, tokensByBackend: { 'local:stories260k': 15, none: 0 } });
    expect(second).toMatchObject({ requests: 1, errors: 0, latencyP50Ms: 50, ttftP50Ms: 5 });
    for (const empty of rest) expect(empty).toMatchObject({ requests: 0, latencyP50Ms: null, ttftP99Ms: null, tokensByBackend: {} });
  });

  it('counts fallbacks, hedges and resumes from the route', () => {
    const log = new RouteLog({ capacity: 10, bucketMs: 10_000, windowMs: 60_000, samplesPerBucket: 10 });
    const failed = [{ backend: 'cloud:a', workerId: 'w1', code: 'timeout' as const, ms: 4_000 }];
    log.add(entry({ route: { policy: 'cloud-first', selected: 'local:stories260k', failed, skipped: [] } }), T0);
    // Nothing answered: the failures are not a fallback.
    log.add(entry({ backend: null, status: 503, errorCode: 'service_unavailable', route: { policy: 'cloud-first', selected: null, failed, skipped: [] } }), T0);
    log.add(entry({ route: { policy: 'cloud-first', selected: 'local:stories260k', failed: [], skipped: [], hedged: [{ backend: 'cloud:a', workerId: 'w1' }] } }), T0);
    log.add(entry({ route: { policy: 'cloud-first', selected: 'cloud:a', failed: [], skipped: [], resumed: [{ from: 'cloud:a', to: 'local:stories260k', code: 'upstream_error' }] } }), T0);
    const bucket = log.overview(T0).buckets.at(-1);
    expect(bucket).toMatchObject({ requests: 4, errors: 1, fallbacks: 1, hedges: 1, resumes: 1 });
  });

  it('forgets slices that left the window, and ignores requests that finished before it', () => {
    const log = new RouteLog({ capacity: 10, bucketMs: 10_000, windowMs: 30_000, samplesPerBucket: 10 });
    log.add(entry(), T0);
    expect(log.overview(T0).buckets.at(-1)?.requests).toBe(1);
    const later = T0 + 40_000;
    expect(log.overview(later).buckets.every((b) => b.requests === 0)).toBe(true);
    log.add(entry({ receivedAt: T0 - 60_000 }), later);
    expect(log.overview(later).buckets.every((b) => b.requests === 0)).toBe(true);
    // Still listed among the latest requests.
    expect(log.latest(10)).toHaveLength(2);
  });

  it('keeps a bounded sample of durations per slice', () => {
    let seed = 1;
    const random = (): number => ((seed = (seed * 16_807) % 2_147_483_647) - 1) / 2_147_483_646;
    const log = new RouteLog({ capacity: 10, bucketMs: 10_000, windowMs: 30_000, samplesPerBucket: 100 }, random);
    for (let i = 1; i <= 10_000; i++) log.add(entry({ durationMs: i % 1_000 }), T0);
    const bucket = log.overview(T0).buckets.at(-1);
    expect(bucket?.requests).toBe(10_000);
    // A uniform sample of 0..999: its median is near 500.
    expect(bucket?.latencyP50Ms).toBeGreaterThan(300);
    expect(bucket?.latencyP50Ms).toBeLessThan(700);
  });
});
