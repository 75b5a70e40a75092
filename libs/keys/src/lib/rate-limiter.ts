import type { KV, KvEntry } from 'nats';
import { isRevisionConflict } from './buckets';
import type { KeyLimits } from './key-record';
import { covers, grant, MAX_LEASE_REQUESTS, NO_LEASE, settle, withCorrections, type Lease } from './lease';
import {
  charge,
  DAY_MS,
  judge,
  MINUTE_MS,
  rateLimitState,
  rollCounters,
  UsageCountersSchema,
  windowStart,
  type RateLimitState,
  type Refusal,
  type UsageCounters,
} from './windows';

/** The counters could not be read or written in time (JetStream down, timeouts, endless contention). */
export class RateLimitUnavailableError extends Error {
  override readonly name = 'RateLimitUnavailableError';
}

/** Tokens set aside for one admitted request, to be reconciled with what it really used. */
export interface Reservation {
  keyId: string;
  /** The minute window the tokens were counted in. */
  minuteStart: number;
  tokens: number;
}

/** The answer to `reserve`: admitted with a reservation, or refused; both with the state for headers. */
export type ReserveResult =
  | { allowed: true; reservation: Reservation; state: RateLimitState }
  | { allowed: false; refusal: Refusal; state: RateLimitState };

/** Options of `KvRateLimiter`. */
export interface RateLimiterOptions {
  /** The clock (epoch ms); tests move it. */
  now?: () => number;
  /** How long one update may keep retrying after losing compare-and-set races, in ms. */
  maxContentionMs?: number;
  /** A lease unused this long goes back to the shared counters, in ms. */
  idleReturnMs?: number;
}

/** A key's writes this close together double the next lease (up to `MAX_LEASE_REQUESTS`); slower ones start again at none. */
const GROW_WITHIN_MS = 1_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function decode(entry: KvEntry | null): UsageCounters | undefined {
  if (!entry || entry.operation !== 'PUT') return undefined;
  try {
    const parsed = UsageCountersSchema.safeParse(JSON.parse(decoder.decode(entry.value)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One change waiting for its key's next write: a request to judge, or a reservation to reconcile. */
type Change =
  | { kind: 'reserve'; limits: KeyLimits; tokens: number; answer: Answer<ReserveResult> }
  | { kind: 'reconcile'; reservation: Reservation; delta: number; answer: Answer<void> }
  | { kind: 'return'; answer: Answer<void> };

/** A key's counters and the revision they were stored at (undefined: no entry yet). */
interface KnownEntry {
  counters: UsageCounters | undefined;
  revision: number | undefined;
}

/** What this process holds of a key's budget. */
interface HeldLease {
  lease: Lease;
  /** The counters as this process last wrote them (the lease counted in). */
  stored: UsageCounters;
  /** Requests the next lease may hold, plus one (1: no lease). */
  size: number;
  lastWriteAt: number;
  lastUsedAt: number;
}

/** Keys whose last entry a process keeps. */
const MAX_KNOWN_KEYS = 10_000;

/** Resolves or rejects the promise of one change. */
interface Answer<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * Fixed-window counters per key (requests and tokens per minute, requests per UTC day) in one KV entry
 * per key, so every gateway replica counts against the same numbers. Every decision is made on the
 * entry as read and written back with compare-and-set (retried from a new read when another replica
 * wrote first), so limits hold exactly across replicas.
 *
 * Within one process the changes to a key are grouped: while one write to a key is under way, the
 * requests and reconciliations that arrive queue up, and the next write decides all of them in order
 * and stores the result once. A busy key costs one compare-and-set per group instead of a read and a
 * compare-and-set per request (64 requests at once used to queue behind each other's KV round trips).
 * The write starts from the entry this process wrote last, so in steady use there is no read at all.
 *
 * A busy key is leased: when its writes come less than a second apart, each write also counts a lease of
 * budget for this process (1, 3, 7, … up to 1,023 more requests with their estimated tokens, never more than
 * a tenth of what the window has left), and the requests that follow are admitted from it in memory, with
 * no KV operation; reconciliations adjust it in memory too. The next write gives back what is unused, as
 * does a write after half a second without use. So the shared counters never allow more than the limits,
 * a key near its limit (a tenth of its budget left is less than one request) is decided exactly request by
 * request, and a replica that dies holding a lease makes its key undercount its budget, by at most that
 * lease, until the window ends.
 */
export class KvRateLimiter {
  private readonly now: () => number;
  private readonly maxContentionMs: number;
  private readonly queues = new Map<string, Change[]>();
  /** The last entry this process read or wrote for each key, in the order of use. */
  private readonly known = new Map<string, KnownEntry>();
  private readonly leases = new Map<string, HeldLease>();
  private readonly idleReturnMs: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly kv: KV,
    options: RateLimiterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxContentionMs = options.maxContentionMs ?? 2_000;
    this.idleReturnMs = options.idleReturnMs ?? 500;
    this.sweeper = setInterval(() => this.returnIdle(), Math.max(50, this.idleReturnMs / 2));
    this.sweeper.unref();
  }

  /** Counts one request reserving `tokens`, unless that would pass a limit. */
  reserve(keyId: string, limits: KeyLimits, tokens: number): Promise<ReserveResult> {
    const now = this.now();
    const held = this.leases.get(keyId);
    const minuteStart = windowStart(now, MINUTE_MS);
    if (held && covers(held.lease, minuteStart, tokens) && held.lease.dayStart === windowStart(now, DAY_MS)) {
      held.lease = { ...held.lease, requests: held.lease.requests - 1, tokens: held.lease.tokens - tokens };
      held.lastUsedAt = now;
      const state = rateLimitState(settle(held.stored, held.lease), limits, now);
      return Promise.resolve({ allowed: true, reservation: { keyId, minuteStart, tokens }, state });
    }
    return new Promise((resolve, reject) => this.enqueue(keyId, { kind: 'reserve', limits, tokens, answer: { resolve, reject } }));
  }

  /**
   * Replaces a reservation's estimate with the tokens really used (nothing to do once its minute is over):
   * in this process's lease while it holds one for that minute (written with the key's next write), else at once.
   */
  reconcile(reservation: Reservation, actualTokens: number): Promise<void> {
    const delta = actualTokens - reservation.tokens;
    if (delta === 0) return Promise.resolve();
    const held = this.leases.get(reservation.keyId);
    if (held && held.lease.minuteStart === reservation.minuteStart) {
      held.lease = { ...held.lease, tokens: held.lease.tokens - delta };
      held.lastUsedAt = this.now();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.enqueue(reservation.keyId, { kind: 'reconcile', reservation, delta, answer: { resolve, reject } }));
  }

  /** Gives every lease back to the shared counters now (tests; shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.leases.keys()].map((keyId) => this.giveBack(keyId)));
  }

  /** Stops returning idle leases and gives back what is held. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.flush().catch(() => undefined);
  }

  /** The counters of a key as stored now (for tests and tools). */
  async peek(keyId: string): Promise<UsageCounters | undefined> {
    return decode(await this.kv.get(keyId));
  }

  /** Queues a change; the key's writer takes it with the next group (starting one when none runs). */
  private enqueue(keyId: string, change: Change): void {
    const waiting = this.queues.get(keyId);
    if (waiting) {
      waiting.push(change);
      return;
    }
    this.queues.set(keyId, [change]);
    void this.write(keyId);
  }

  /** Writes the key's queued changes group by group until none is left. */
  private async write(keyId: string): Promise<void> {
    for (;;) {
      const group = this.queues.get(keyId) ?? [];
      if (group.length === 0) {
        this.queues.delete(keyId);
        return;
      }
      // Changes that arrive from now on wait for the next group.
      this.queues.set(keyId, []);
      const before = this.leases.get(keyId);
      const startedAt = this.now();
      const size = before && startedAt - before.lastWriteAt < GROW_WITHIN_MS && group.some((c) => c.kind === 'reserve') ? Math.min(before.size * 2, MAX_LEASE_REQUESTS) : 1;
      // The lease being given back admits nothing more; reconciliations meanwhile collect in an empty one.
      const settling = before?.lease ?? NO_LEASE;
      if (before) before.lease = { ...settling, requests: 0, tokens: 0 };
      try {
        const results = await this.update(keyId, (counters, now) => applyGroup(keyId, group, counters, now, settling, size), (stored, lease) => {
          const lastUsedAt = Math.max(startedAt, this.leases.get(keyId)?.lastUsedAt ?? 0);
          this.leases.set(keyId, { lease: withCorrections(lease, this.leases.get(keyId)?.lease), stored, size, lastWriteAt: startedAt, lastUsedAt });
        });
        group.forEach((change, i) => answerChange(change, results[i]));
      } catch (error) {
        const held = this.leases.get(keyId);
        if (held) held.lease = withCorrections(settling, held.lease);
        for (const change of group) change.answer.reject(error);
      }
    }
  }

  /**
   * Decide and compare-and-set, on the entry this process wrote last (no read: in steady use the key's
   * writes come from here); read it when unknown, when the write loses to another writer, and before
   * answering with no write at all (a refusal must be decided on the stored counters, not on a copy).
   */
  private async update<T>(
    keyId: string,
    decide: (counters: UsageCounters, now: number) => { next?: UsageCounters; result: T; lease: Lease },
    written: (stored: UsageCounters, lease: Lease) => void,
  ): Promise<T> {
    const giveUpAt = Date.now() + this.maxContentionMs;
    for (let attempt = 0; ; attempt++) {
      const remembered = this.known.get(keyId);
      const known = remembered ?? (await this.read(keyId));
      const now = this.now();
      const { next, result, lease } = decide(rollCounters(known.counters, now), now);
      if (!next) {
        if (remembered) {
          this.known.delete(keyId);
          continue;
        }
        return result;
      }
      const data = encoder.encode(JSON.stringify(next));
      try {
        const revision = known.revision === undefined ? await this.kv.create(keyId, data) : await this.kv.update(keyId, data, known.revision);
        this.remember(keyId, { counters: next, revision });
        written(next, lease);
        return result;
      } catch (error) {
        this.known.delete(keyId);
        if (!isRevisionConflict(error)) throw new RateLimitUnavailableError(`cannot write rate-limit counters: ${(error as Error).message}`);
        if (Date.now() > giveUpAt) throw new RateLimitUnavailableError('rate-limit counters too contended');
      }
      // A copy that was out of date is read again at once; a lost race with a fresh read backs off first.
      if (!remembered) await sleep(Math.random() * Math.min(20, 2 ** attempt));
    }
  }

  /** Writes the unused part of a key's lease back (a `return` change; nothing when there is none). */
  private giveBack(keyId: string): Promise<void> {
    const held = this.leases.get(keyId);
    if (!held || (held.lease.requests === 0 && held.lease.tokens === 0)) return Promise.resolve();
    return new Promise((resolve, reject) => this.enqueue(keyId, { kind: 'return', answer: { resolve, reject } }));
  }

  /** Gives back the leases nobody used for `idleReturnMs`, and forgets empty ones. */
  private returnIdle(): void {
    const now = this.now();
    for (const [keyId, held] of this.leases) {
      if (now - held.lastUsedAt < this.idleReturnMs || this.queues.has(keyId)) continue;
      if (held.lease.requests === 0 && held.lease.tokens === 0) this.leases.delete(keyId);
      else this.giveBack(keyId).catch(() => undefined);
    }
  }

  private async read(keyId: string): Promise<KnownEntry> {
    const entry = await this.kv.get(keyId).catch((error: unknown) => {
      throw new RateLimitUnavailableError(`cannot read rate-limit counters: ${(error as Error).message}`);
    });
    return { counters: decode(entry), revision: entry?.revision };
  }

  /** Keeps the entry as written, for the key's next change (the oldest dropped past `MAX_KNOWN_KEYS`). */
  private remember(keyId: string, entry: KnownEntry): void {
    this.known.delete(keyId);
    this.known.set(keyId, entry);
    if (this.known.size > MAX_KNOWN_KEYS) this.known.delete(this.known.keys().next().value as string);
  }
}

/**
 * Decides a group of changes in order on the counters as read, after giving back the unused part of
 * `held`; a new lease of `size - 1` requests when something was admitted. `next` only when something changed.
 */
function applyGroup(
  keyId: string,
  group: readonly Change[],
  read: UsageCounters,
  now: number,
  held: Lease,
  size: number,
): { next?: UsageCounters; result: Array<ReserveResult | undefined>; lease: Lease } {
  let counters = settle(read, held);
  let changed = counters !== read;
  let last: Extract<Change, { kind: 'reserve' }> | undefined;
  const result = group.map((change): ReserveResult | undefined => {
    if (change.kind === 'return') return undefined;
    if (change.kind === 'reconcile') {
      if (counters.minute.start !== change.reservation.minuteStart) return undefined;
      counters = { ...counters, minute: { ...counters.minute, tokens: Math.max(0, counters.minute.tokens + change.delta) } };
      changed = true;
      return undefined;
    }
    const refusal = judge(counters, change.limits, change.tokens, now);
    if (refusal) return { allowed: false, refusal, state: rateLimitState(counters, change.limits, now) };
    counters = charge(counters, change.tokens);
    changed = true;
    last = change;
    const reservation = { keyId, minuteStart: counters.minute.start, tokens: change.tokens };
    return { allowed: true, reservation, state: rateLimitState(counters, change.limits, now) };
  });
  let lease = NO_LEASE;
  if (last && size > 1) {
    const granted = grant(counters, last.limits, size - 1, last.tokens);
    if (granted.lease.requests > 0) {
      counters = granted.counters;
      lease = granted.lease;
    }
  }
  return changed ? { next: counters, result, lease } : { result, lease };
}

function answerChange(change: Change, result: ReserveResult | undefined): void {
  if (change.kind !== 'reserve') change.answer.resolve();
  else if (result) change.answer.resolve(result);
  else change.answer.reject(new Error('no decision for a reservation'));
}
