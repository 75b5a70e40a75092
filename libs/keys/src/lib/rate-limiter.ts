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

/**
 * Fixed-window counters per key (requests and tokens per minute, requests per UTC day) in one KV entry
 * per key, so every gateway replica counts against the same numbers. Each change is a compare-and-set
 * (update with the revision read, retried when another replica wrote first); within one process the
 * changes to one key are queued, so races happen only between replicas.
 */
export class KvRateLimiter {
  private readonly now: () => number;
  private readonly maxContentionMs: number;
  private readonly tails = new Map<string, Promise<void>>();

  constructor(
    private readonly kv: KV,
    options: RateLimiterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxContentionMs = options.maxContentionMs ?? 2_000;
  }

  /** Counts one request reserving `tokens`, unless that would pass a limit. */
  reserve(keyId: string, limits: KeyLimits, tokens: number): Promise<ReserveResult> {
    return this.serialised(keyId, () =>
      this.update<ReserveResult>(keyId, (counters, now) => {
        const refusal = judge(counters, limits, tokens, now);
        if (refusal) return { result: { allowed: false, refusal, state: rateLimitState(counters, limits, now) } };
        const next = charge(counters, tokens);
        const reservation = { keyId, minuteStart: next.minute.start, tokens };
        return { next, result: { allowed: true, reservation, state: rateLimitState(next, limits, now) } };
      }),
    );
  }

  /** Replaces a reservation's estimate with the tokens really used (nothing to do once its minute is over). */
  reconcile(reservation: Reservation, actualTokens: number): Promise<void> {
    const delta = actualTokens - reservation.tokens;
    if (delta === 0) return Promise.resolve();
    return this.serialised(reservation.keyId, () =>
      this.update(reservation.keyId, (counters) => {
        if (counters.minute.start !== reservation.minuteStart) return { result: undefined };
        const tokens = Math.max(0, counters.minute.tokens + delta);
        return { next: { ...counters, minute: { ...counters.minute, tokens } }, result: undefined };
      }),
    );
  }

  /** The counters of a key as stored now (for tests and tools). */
  async peek(keyId: string): Promise<UsageCounters | undefined> {
    return decode(await this.kv.get(keyId));
  }

  /** Read, decide, compare-and-set; again from the read when another writer came first. */
  private async update<T>(keyId: string, decide: (counters: UsageCounters, now: number) => { next?: UsageCounters; result: T }): Promise<T> {
    const giveUpAt = Date.now() + this.maxContentionMs;
    for (let attempt = 0; ; attempt++) {
      const entry = await this.kv.get(keyId).catch((error: unknown) => {
        throw new RateLimitUnavailableError(`cannot read rate-limit counters: ${(error as Error).message}`);
      });
      const now = this.now();
      const { next, result } = decide(rollCounters(decode(entry), now), now);
      if (!next) return result;
      const data = encoder.encode(JSON.stringify(next));
      try {
        if (entry) await this.kv.update(keyId, data, entry.revision);
        else await this.kv.create(keyId, data);
        return result;
      } catch (error) {
        if (!isRevisionConflict(error)) throw new RateLimitUnavailableError(`cannot write rate-limit counters: ${(error as Error).message}`);
        if (Date.now() > giveUpAt) throw new RateLimitUnavailableError('rate-limit counters too contended');
      }
      await sleep(Math.random() * Math.min(20, 2 ** attempt));
    }
  }

  /** Runs the tasks for one key one after another (in this process). */
  private serialised<T>(keyId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(keyId) ?? Promise.resolve();
    const run = previous.then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(keyId, tail);
    void tail.then(() => {
      if (this.tails.get(keyId) === tail) this.tails.delete(keyId);
    });
    return run;
  }
}
