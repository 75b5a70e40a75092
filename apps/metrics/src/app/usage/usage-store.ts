import { isRevisionConflict } from '@switchyard/keys';
import { decodeJson, encodeJson } from '@switchyard/nats';
import { KvWatchInclude, type KV, type KvEntry } from 'nats';
import { usageKeyFilter } from './usage-key';
import { addRecords, keyOf, UsageRecordSchema, type UsageRecord } from './usage-record';

/** Compare-and-set attempts on one entry before giving up (the event is then retried later). */
const MAX_ATTEMPTS = 16;
/** A query over at most this many days reads day by day; a longer one reads the key's whole history once. */
const MAX_DAY_FILTERS = 31;

/** Which aggregates to read. */
export interface UsageStoreQuery {
  /** UTC days, `YYYY-MM-DD`. */
  days: readonly string[];
  /** One key id; absent means every key. */
  keyId?: string;
}

/** Where the usage aggregates live; the KV implementation below, fakes in unit tests. */
export interface UsageStore {
  /** Adds `delta` to its aggregate atomically; resolves once stored. */
  add(delta: UsageRecord): Promise<void>;
  /** Every aggregate of `keyId` (or of every key) on the given UTC days (`YYYY-MM-DD`). */
  read(query: UsageStoreQuery): Promise<UsageRecord[]>;
}

/** Waits a random time up to 2^attempt ms (at most 250 ms), so writers that collided spread out. */
function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 2 ** attempt)));
}

/**
 * The aggregates in a JetStream KV bucket, one entry per UTC day, key id and model. Each update
 * reads the entry and writes the sum back only if its revision has not moved (compare-and-set),
 * so replicas sharing the bucket never lose each other's counts.
 */
export class KvUsageStore implements UsageStore {
  constructor(private readonly kv: KV) {}

  async add(delta: UsageRecord): Promise<void> {
    const key = keyOf(delta);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const entry = await this.kv.get(key);
      try {
        if (entry === null || entry.operation !== 'PUT') await this.kv.create(key, encodeJson(delta));
        else await this.kv.update(key, encodeJson(addRecords(decodeJson(entry.value, UsageRecordSchema), delta)), entry.revision);
        return;
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
      }
      await backoff(attempt);
    }
    throw new Error(`usage entry ${key}: still contended after ${MAX_ATTEMPTS} attempts`);
  }

  async read(query: UsageStoreQuery): Promise<UsageRecord[]> {
    const days = new Set(query.days);
    const filters = days.size <= MAX_DAY_FILTERS ? [...days].map((day) => usageKeyFilter(day, query.keyId)) : [usageKeyFilter(undefined, query.keyId)];
    const records: UsageRecord[] = [];
    for (const filter of filters) {
      for (const entry of await this.latest(filter)) {
        const record = parseRecord(entry);
        if (record && days.has(record.date)) records.push(record);
      }
    }
    return records;
  }

  /** The current value of every entry matching `filter` (no history, no deletions). */
  private async latest(filter: string): Promise<KvEntry[]> {
    const entries: KvEntry[] = [];
    // The watch says when it has delivered every current value; it may say so before it is returned.
    const done = { initialized: false, stop: (): void => undefined };
    const watch = await this.kv.watch({
      key: filter,
      include: KvWatchInclude.LastValue,
      ignoreDeletes: true,
      initializedFn: () => {
        done.initialized = true;
        done.stop();
      },
    });
    done.stop = () => watch.stop();
    if (done.initialized) watch.stop();
    for await (const entry of watch) if (entry.operation === 'PUT') entries.push(entry);
    return entries;
  }
}

/** The record an entry holds, or undefined when it holds something else (skipped, never fatal). */
function parseRecord(entry: KvEntry): UsageRecord | undefined {
  try {
    return decodeJson(entry.value, UsageRecordSchema);
  } catch {
    return undefined;
  }
}
