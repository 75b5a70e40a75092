import type { NatsConnection } from 'nats';
import { startTestNats, waitFor, type TestNats } from '@switchyard/testing';
import { openLimitsBucket } from './buckets';
import { KvRateLimiter, RateLimitUnavailableError, type Reservation, type ReserveResult } from './rate-limiter';
import { connectTest, destroyBuckets, uniqueBucket } from './testing/kv-fixture';
import { MINUTE_MS } from './windows';

const LIMITS = { rpm: 1_000, tpm: 1_000_000, rpd: 10_000 };
/** 10 s into a minute. */
const T0 = Date.UTC(2025, 5, 1, 8, 0, 10);

describe('KvRateLimiter (real NATS JetStream)', () => {
  let nats: TestNats;
  let one: NatsConnection;
  let two: NatsConnection;
  const bucket = uniqueBucket('limits');
  let clock = T0;
  const now = (): number => clock;
  let limiterOne: KvRateLimiter;
  let limiterTwo: KvRateLimiter;
  let keyCounter = 0;
  const newKey = (): string => `key_test${String(++keyCounter).padStart(12, '0')}`;

  /** A limiter whose writes to the bucket are counted. */
  async function countingLimiter(options: { idleReturnMs?: number } = {}): Promise<{ limiter: KvRateLimiter; writes: () => number }> {
    const kv = await openLimitsBucket(one, { bucket });
    let writes = 0;
    const counting = new Proxy(kv, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if ((property === 'update' || property === 'create') && typeof value === 'function') {
          return (...args: unknown[]) => {
            writes++;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    return { limiter: new KvRateLimiter(counting, { now, ...options }), writes: () => writes };
  }

  beforeAll(async () => {
    nats = await startTestNats();
    [one, two] = await Promise.all([connectTest(nats.url), connectTest(nats.url)]);
    limiterOne = new KvRateLimiter(await openLimitsBucket(one, { bucket }), { now });
    limiterTwo = new KvRateLimiter(await openLimitsBucket(two, { bucket }), { now });
  });

  afterAll(async () => {
    await destroyBuckets(one, [bucket]);
    await Promise.all([one.close(), two.close()]);
    await nats.stop();
  });

  beforeEach(() => {
    clock = T0;
  });

  it('creates the counter bucket keeping only the latest value, expiring idle counters', async () => {
    const status = await (await openLimitsBucket(one, { bucket })).status();
    expect(status.history).toBe(1);
    expect(status.ttl).toBe(2 * 24 * 60 * 60 * 1000);
  });

  it('decides the requests that arrive while a write is under way together: one write per group, still exact', async () => {
    const key = newKey();
    const { limiter: grouped, writes } = await countingLimiter();
    const results = await Promise.all(Array.from({ length: 64 }, () => grouped.reserve(key, { ...LIMITS, rpm: 40 }, 1)));
    const admitted = results.filter((r): r is Extract<ReserveResult, { allowed: true }> => r.allowed);
    expect(admitted).toHaveLength(40);
    // Each admitted request saw its own place in the minute, as it would one write at a time.
    expect(admitted.map((r) => r.state.requests.remaining).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect((await limiterOne.peek(key))?.minute.requests).toBe(40);
    expect(writes()).toBeLessThanOrEqual(3);
  });

  it('refuses only on the stored counters, not on its own out-of-date copy', async () => {
    const key = newKey();
    const limits = { ...LIMITS, tpm: 100 };
    const first = await limiterOne.reserve(key, limits, 50);
    expect((await limiterOne.reserve(key, limits, 50)).allowed).toBe(true);
    // Another replica gives the first reservation's tokens back; limiterOne's last write still says 100 used.
    if (!first.allowed) throw new Error('expected the first reservation to be admitted');
    await limiterTwo.reconcile(first.reservation, 0);
    expect(await limiterOne.reserve(key, limits, 50)).toMatchObject({ allowed: true, state: { tokens: { remaining: 0 } } });
    expect((await limiterOne.reserve(key, limits, 1)).allowed).toBe(false);
  });

  it('loses no increment when two connections (four limiters) count the same key at once', async () => {
    const key = newKey();
    const extraOne = new KvRateLimiter(await openLimitsBucket(one, { bucket }), { now });
    const extraTwo = new KvRateLimiter(await openLimitsBucket(two, { bucket }), { now });
    const limiters = [limiterOne, limiterTwo, extraOne, extraTwo];
    const results = await Promise.all(Array.from({ length: 80 }, (_, i) => limiters[i % 4].reserve(key, LIMITS, 3)));
    expect(results.every((r) => r.allowed)).toBe(true);
    // Leases taken on the way go back.
    await Promise.all(limiters.map((limiter) => limiter.flush()));
    expect(await limiterOne.peek(key)).toEqual({
      minute: { start: T0 - 10_000, requests: 80, tokens: 240 },
      day: { start: Date.UTC(2025, 5, 1), requests: 80 },
    });
  });

  it('admits exactly the limit when both connections race past it', async () => {
    const key = newKey();
    const limits = { ...LIMITS, rpm: 17 };
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? limiterOne : limiterTwo).reserve(key, limits, 1)));
    expect(results.filter((r) => r.allowed)).toHaveLength(17);
    const refused = results.filter((r): r is Extract<ReserveResult, { allowed: false }> => !r.allowed);
    expect(refused).toHaveLength(33);
    expect(refused[0].refusal).toEqual({ kind: 'requests', window: 'minute', limit: 17, used: 17, requested: 1, retryAfterMs: 50_000 });
    expect(refused[0].state.requests).toEqual({ window: 'minute', limit: 17, remaining: 0, resetMs: 50_000, resetAt: T0 + 50_000 });
    expect((await limiterTwo.peek(key))?.minute.requests).toBe(17);
  });

  it('reports the remaining budget after each admitted request', async () => {
    const key = newKey();
    const limits = { rpm: 3, tpm: 100, rpd: 50 };
    const first = await limiterOne.reserve(key, limits, 30);
    expect(first).toMatchObject({ allowed: true, reservation: { keyId: key, minuteStart: T0 - 10_000, tokens: 30 } });
    expect(first.state).toEqual({
      requests: { window: 'minute', limit: 3, remaining: 2, resetMs: 50_000, resetAt: T0 + 50_000 },
      tokens: { limit: 100, remaining: 70, resetMs: 50_000, resetAt: T0 + 50_000 },
    });
    const refused = await limiterTwo.reserve(key, limits, 71);
    expect(refused).toMatchObject({ allowed: false, refusal: { kind: 'tokens', limit: 100, used: 30, requested: 71 } });
  });

  it('starts counting again when the minute rolls over, keeping the day', async () => {
    const key = newKey();
    const limits = { rpm: 2, tpm: 100, rpd: 3 };
    expect((await limiterOne.reserve(key, limits, 10)).allowed).toBe(true);
    expect((await limiterTwo.reserve(key, limits, 10)).allowed).toBe(true);
    expect((await limiterOne.reserve(key, limits, 10)).allowed).toBe(false);
    clock = T0 + MINUTE_MS;
    const next = await limiterTwo.reserve(key, limits, 10);
    expect(next).toMatchObject({ allowed: true, state: { requests: { window: 'day', remaining: 0 }, tokens: { remaining: 90 } } });
    const dayOver = await limiterOne.reserve(key, limits, 10);
    expect(dayOver).toMatchObject({ allowed: false, refusal: { kind: 'requests', window: 'day', limit: 3, used: 3 } });
    clock = Date.UTC(2025, 5, 2, 0, 0, 1);
    expect((await limiterOne.reserve(key, limits, 10)).allowed).toBe(true);
  });

  it('reconciles a reservation with the real usage, from another replica too', async () => {
    const key = newKey();
    const limits = { rpm: 100, tpm: 1_000, rpd: 1_000 };
    const a = await limiterOne.reserve(key, limits, 400);
    const b = await limiterTwo.reserve(key, limits, 400);
    if (!a.allowed || !b.allowed) throw new Error('expected both admitted');
    expect((await limiterOne.reserve(key, limits, 400)).allowed).toBe(false);
    await limiterTwo.reconcile(a.reservation, 150);
    await limiterOne.reconcile(b.reservation, 450);
    expect((await limiterOne.peek(key))?.minute.tokens).toBe(600);
    const c = await limiterOne.reserve(key, limits, 400);
    expect(c).toMatchObject({ allowed: true, state: { tokens: { remaining: 0 } } });
  });

  it('leases a busy key: one request after another costs a write only now and then, and every answer counts exactly', async () => {
    const key = newKey();
    const { limiter, writes } = await countingLimiter();
    const remaining: number[] = [];
    for (let i = 0; i < 500; i++) {
      const result = await limiter.reserve(key, { rpm: 100_000, tpm: 100_000_000, rpd: 1_000_000 }, 20);
      if (!result.allowed) throw new Error('expected admitted');
      remaining.push(result.state.requests.remaining);
    }
    // Leases of 1, 3, 7, … 255, then 511: ten writes instead of 500.
    expect(writes()).toBeLessThanOrEqual(10);
    expect(remaining).toEqual(Array.from({ length: 500 }, (_, i) => 100_000 - 1 - i));
    // The shared counters hold what was used plus the lease this process still holds, and exactly what was used once it is back.
    expect((await limiterOne.peek(key))?.minute.requests).toBeGreaterThan(500);
    await limiter.close();
    expect(await limiterOne.peek(key)).toMatchObject({ minute: { requests: 500, tokens: 10_000 }, day: { requests: 500 } });
  });

  it('gives a lease nobody uses back by itself', async () => {
    const key = newKey();
    const { limiter } = await countingLimiter({ idleReturnMs: 100 });
    for (let i = 0; i < 40; i++) await limiter.reserve(key, LIMITS, 1);
    expect((await limiterOne.peek(key))?.minute.requests).toBeGreaterThan(40);
    clock = T0 + 1_000;
    await waitFor(async () => (await limiterOne.peek(key))?.minute.requests === 40, 2_000, 'the idle lease to go back');
    await limiter.close();
  });

  it('with leases on both replicas, admits exactly the limit of a busy key', async () => {
    const key = newKey();
    const limits = { rpm: 300, tpm: 1_000_000, rpd: 10_000 };
    let admitted = 0;
    for (let i = 0; i < 450; i++) if ((await (i % 2 ? limiterOne : limiterTwo).reserve(key, limits, 1)).allowed) admitted++;
    expect(admitted).toBe(300);
    await Promise.all([limiterOne.flush(), limiterTwo.flush()]);
    expect((await limiterOne.peek(key))?.minute.requests).toBe(300);
  });

  it('reconciles into its lease, and the shared counters have it once the lease goes back', async () => {
    const key = newKey();
    const { limiter, writes } = await countingLimiter();
    const reservations: Reservation[] = [];
    for (let i = 0; i < 20; i++) {
      const result = await limiter.reserve(key, LIMITS, 100);
      if (result.allowed) reservations.push(result.reservation);
    }
    const before = writes();
    for (const reservation of reservations) await limiter.reconcile(reservation, 30);
    expect(writes()).toBe(before);
    await limiter.close();
    expect(await limiterOne.peek(key)).toMatchObject({ minute: { requests: 20, tokens: 600 } });
  });

  it('reconciles nothing once the reservation’s minute is over', async () => {
    const key = newKey();
    const limits = { rpm: 100, tpm: 1_000, rpd: 1_000 };
    const a = await limiterOne.reserve(key, limits, 500);
    if (!a.allowed) throw new Error('expected admitted');
    clock = T0 + MINUTE_MS;
    await limiterOne.reserve(key, limits, 100);
    await limiterOne.reconcile(a.reservation, 0);
    expect((await limiterOne.peek(key))?.minute.tokens).toBe(100);
  });

  it('never counts below zero tokens', async () => {
    const key = newKey();
    const a = await limiterOne.reserve(key, LIMITS, 10);
    if (!a.allowed) throw new Error('expected admitted');
    await limiterOne.reconcile({ ...a.reservation, tokens: 50 }, 0);
    expect((await limiterOne.peek(key))?.minute.tokens).toBe(0);
  });

  it('fails with RateLimitUnavailableError when the counters cannot be reached', async () => {
    const lonely = await connectTest(nats.url);
    const limiter = new KvRateLimiter(await openLimitsBucket(lonely, { bucket }), { now });
    await lonely.close();
    await expect(limiter.reserve(newKey(), LIMITS, 1)).rejects.toThrow(RateLimitUnavailableError);
  });
});
