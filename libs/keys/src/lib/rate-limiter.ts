import type { KV, KvEntry } from 'nats';
import { isRevisionConflict } from './buckets';
import type { KeyLimits } from './key-record';
import { charge, judge, rateLimitState, rollCounters, UsageCountersSchema, type RateLimitState, type Refusal, type UsageCounters } from './windows';

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
}

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
  | { kind: 'reconcile'; reservation: Reservation; delta: number; answer: Answer<void> };

/** A key's counters and the revision they were stored at (undefined: no entry yet). */
interface KnownEntry {
  counters: UsageCounters | undefined;
  revision: number | undefined;
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
 */
export class KvRateLimiter {
  private readonly now: () => number;
  private readonly maxContentionMs: number;
  private readonly queues = new Map<string, Change[]>();
  /** The last entry this process read or wrote for each key, in the order of use. */
  private readonly known = new Map<string, KnownEntry>();

  constructor(
    private readonly kv: KV,
    options: RateLimiterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxContentionMs = options.maxContentionMs ?? 2_000;
  }

  /** Counts one request reserving `tokens`, unless that would pass a limit. */
  reserve(keyId: string, limits: KeyLimits, tokens: number): Promise<ReserveResult> {
    return new Promise((resolve, reject) => this.enqueue(keyId, { kind: 'reserve', limits, tokens, answer: { resolve, reject } }));
  }

  /** Replaces a reservation's estimate with the tokens really used (nothing to do once its minute is over). */
  reconcile(reservation: Reservation, actualTokens: number): Promise<void> {
    const delta = actualTokens - reservation.tokens;
    if (delta === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.enqueue(reservation.keyId, { kind: 'reconcile', reservation, delta, answer: { resolve, reject } }));
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
      try {
        const results = await this.update(keyId, (counters, now) => applyGroup(keyId, group, counters, now));
        group.forEach((change, i) => answerChange(change, results[i]));
      } catch (error) {
        for (const change of group) change.answer.reject(error);
      }
    }
  }

  /**
   * Decide and compare-and-set, on the entry this process wrote last (no read: in steady use the key's
   * writes come from here); read it when unknown, when the write loses to another writer, and before
   * answering with no write at all (a refusal must be decided on the stored counters, not on a copy).
   */
  private async update<T>(keyId: string, decide: (counters: UsageCounters, now: number) => { next?: UsageCounters; result: T }): Promise<T> {
    const giveUpAt = Date.now() + this.maxContentionMs;
    for (let attempt = 0; ; attempt++) {
      const remembered = this.known.get(keyId);
      const known = remembered ?? (await this.read(keyId));
      const now = this.now();
      const { next, result } = decide(rollCounters(known.counters, now), now);
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

/** Decides a group of changes in order on the counters as read; `next` only when something changed. */
function applyGroup(keyId: string, group: readonly Change[], read: UsageCounters, now: number): { next?: UsageCounters; result: Array<ReserveResult | undefined> } {
  let counters = read;
  let changed = false;
  const result = group.map((change): ReserveResult | undefined => {
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
    const reservation = { keyId, minuteStart: counters.minute.start, tokens: change.tokens };
    return { allowed: true, reservation, state: rateLimitState(counters, change.limits, now) };
  });
  return changed ? { next: counters, result } : { result };
}

function answerChange(change: Change, result: ReserveResult | undefined): void {
  if (change.kind === 'reconcile') change.answer.resolve();
  else if (result) change.answer.resolve(result);
  else change.answer.reject(new Error('no decision for a reservation'));
}
