import type { KV, KvEntry, QueuedIterator } from 'nats';
import { hashMatches, isWellFormedKey, keyDigest } from './key-format';
import type { KeyRecord } from './key-record';
import { decodeKeyRecord } from './key-store';

/** Options of `KeyDirectory.open`. */
export interface KeyDirectoryOptions {
  /** How long the first load of every record may take, in ms. */
  loadTimeoutMs?: number;
  /** Wait before watching again after the watch ended unexpectedly, in ms. */
  rewatchDelayMs?: number;
  /** Told about anything odd: a record that does not parse, a watch that broke. */
  onProblem?: (message: string, details: Record<string, unknown>) => void;
}

/** Records by id, and the active ones by hash. */
class Index {
  readonly byId = new Map<string, KeyRecord>();
  readonly byHash = new Map<string, KeyRecord>();

  apply(entry: KvEntry, onProblem: KeyDirectoryOptions['onProblem']): void {
    const previous = this.byId.get(entry.key);
    if (previous) this.byHash.delete(previous.hash);
    if (entry.operation !== 'PUT') {
      this.byId.delete(entry.key);
      return;
    }
    const record = decodeKeyRecord(entry.value);
    if (!record || record.id !== entry.key) {
      this.byId.delete(entry.key);
      onProblem?.('ignoring a key record that does not parse', { kvKey: entry.key, revision: entry.revision });
      return;
    }
    this.byId.set(record.id, record);
    if (record.revokedAt === undefined) this.byHash.set(record.hash, record);
  }
}

/**
 * The gateway's in-memory view of every key record, kept current by a KV watch: a new or revoked key
 * is seen within milliseconds of being written, and authenticating never touches the network.
 */
export class KeyDirectory {
  private index = new Index();
  private watcher: QueuedIterator<KvEntry> | undefined;
  private stopped = false;
  private readonly options: Required<Omit<KeyDirectoryOptions, 'onProblem'>> & Pick<KeyDirectoryOptions, 'onProblem'>;

  private constructor(
    private readonly kv: KV,
    options: KeyDirectoryOptions,
  ) {
    this.options = { loadTimeoutMs: 10_000, rewatchDelayMs: 1_000, ...options };
  }

  /** Loads every record and keeps watching; rejects when the first load fails or takes too long. */
  static async open(kv: KV, options: KeyDirectoryOptions = {}): Promise<KeyDirectory> {
    const directory = new KeyDirectory(kv, options);
    await directory.watch();
    return directory;
  }

  /** Records in the store, revoked ones included (0 means no key was ever created). */
  get size(): number {
    return this.index.byId.size;
  }

  /** The active record for a presented key, or undefined (unknown, revoked or malformed). */
  authenticate(presented: string): KeyRecord | undefined {
    if (!isWellFormedKey(presented)) return undefined;
    const digest = keyDigest(presented);
    const record = this.index.byHash.get(digest.toString('hex'));
    return record && hashMatches(record.hash, digest) ? record : undefined;
  }

  /** The record with this id, revoked or not. */
  get(id: string): KeyRecord | undefined {
    return this.index.byId.get(id);
  }

  /** Stops watching. */
  stop(): void {
    this.stopped = true;
    this.watcher?.stop();
  }

  /** Watches every key; the records seen before the watch is initialised replace the index at once. */
  private async watch(): Promise<void> {
    const staged = new Index();
    let live = false;
    let initialised!: () => void;
    const ready = new Promise<void>((resolve) => (initialised = resolve));
    const watcher = await this.kv.watch({
      initializedFn: () => {
        this.index = staged;
        live = true;
        initialised();
      },
    });
    this.watcher = watcher;
    void this.consume(watcher, staged, () => live);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`key records not loaded within ${this.options.loadTimeoutMs} ms`)), this.options.loadTimeoutMs);
    });
    try {
      await Promise.race([ready, timeout]);
    } catch (error) {
      watcher.stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async consume(watcher: QueuedIterator<KvEntry>, staged: Index, isLive: () => boolean): Promise<void> {
    try {
      for await (const entry of watcher) (isLive() ? this.index : staged).apply(entry, this.options.onProblem);
    } catch (error) {
      this.options.onProblem?.('the key watch failed', { err: error });
    }
    if (this.stopped || !isLive()) return;
    this.options.onProblem?.('the key watch ended; watching again', {});
    this.rewatch();
  }

  private rewatch(): void {
    setTimeout(() => {
      if (this.stopped) return;
      this.watch().catch((error: unknown) => {
        this.options.onProblem?.('watching the keys again failed; retrying', { err: error });
        this.rewatch();
      });
    }, this.options.rewatchDelayMs).unref();
  }
}
