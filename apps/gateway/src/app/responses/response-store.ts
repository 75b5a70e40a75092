import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { SwitchyardConfig } from '@switchyard/config';
import { natsConnectOptions, type NatsConnectionSettings } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import { connect, nanos, type KV, type NatsConnection, type ObjectStore } from 'nats';
import { LOGGER } from '../gateway.constants';
import { decodeStored, largeMark, RESPONSE_ID, type StoredResponse } from './stored-response';

/** Where stored Responses live and for how long. */
export interface ResponseStoreSettings {
  nats: NatsConnectionSettings;
  bucket: string;
  ttlMs: number;
  replicas: number;
}

export const RESPONSE_STORE_SETTINGS = Symbol('RESPONSE_STORE_SETTINGS');

/** The store settings from the loaded configuration. */
export function responseStoreSettings(config: SwitchyardConfig): ResponseStoreSettings {
  return { nats: config.nats, bucket: config.gateway.responsesBucket, ttlMs: config.gateway.responsesTtlDays * 86_400_000, replicas: config.gateway.kvReplicas };
}

/** The store could not be reached: the caller answers 503. */
export class ResponseStoreUnavailable extends Error {}

/** Longest one JetStream operation of the store may take, in ms. */
const OPERATION_TIMEOUT_MS = 5_000;
/** Room left in a NATS message for the headers around a KV value. */
const HEADER_ROOM = 16 * 1024;

interface Buckets {
  nc: NatsConnection;
  kv: KV;
  objects: ObjectStore;
  /** The largest record kept in the KV bucket itself; larger ones go to the object store. */
  kvLimit: number;
}

/**
 * Stored Responses (`store: true`) in JetStream, each for `gateway.responsesTtlDays`: a KV bucket holds each record
 * under its response id; a record larger than a NATS message goes to the object store of the same name, and the KV
 * entry then only marks it (with its owner). A record belongs to the key that made it: for any other key it does not
 * exist. The store has its own NATS connection, opened at start and again on first use if that failed.
 */
@Injectable()
export class ResponseStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private buckets: Promise<Buckets> | undefined;
  private readonly encoder = new TextEncoder();

  constructor(
    @Inject(RESPONSE_STORE_SETTINGS) private readonly settings: ResponseStoreSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.open().catch((error: unknown) => this.logger.warn({ err: error, bucket: this.settings.bucket }, 'stored responses are unavailable for now; retrying on first use'));
  }

  async onApplicationShutdown(): Promise<void> {
    const buckets = await this.buckets?.catch(() => undefined);
    await buckets?.nc.drain().catch(() => undefined);
  }

  /** Keeps a response; resolves once JetStream has it. */
  async save(record: StoredResponse): Promise<void> {
    const { kv, objects, kvLimit } = await this.open();
    const bytes = this.encoder.encode(JSON.stringify(record));
    const id = record.response.id;
    await this.attempt(async () => {
      if (bytes.byteLength <= kvLimit) {
        await kv.put(id, bytes);
        return;
      }
      await objects.putBlob({ name: id }, bytes);
      await kv.put(id, largeMark(record.owner));
    });
  }

  /** The response `id` of `owner`; undefined when there is none (never stored, deleted, expired, or another key's). */
  async find(id: string, owner: string): Promise<StoredResponse | undefined> {
    if (!RESPONSE_ID.test(id)) return undefined;
    const { kv, objects } = await this.open();
    return this.attempt(async () => {
      const entry = await kv.get(id);
      if (!entry || entry.operation !== 'PUT') return undefined;
      const stored = decodeStored(entry.value);
      if (!stored || stored.kind === 'record') return stored?.record.owner === owner ? stored.record : undefined;
      if (stored.owner !== owner) return undefined;
      const blob = await objects.getBlob(id);
      const large = blob ? decodeStored(blob) : undefined;
      return large?.kind === 'record' ? large.record : undefined;
    });
  }

  /** Deletes the response `id` of `owner`; false when there was none. */
  async remove(id: string, owner: string): Promise<boolean> {
    const stored = await this.find(id, owner);
    if (!stored) return false;
    const { kv, objects } = await this.open();
    await this.attempt(async () => {
      await kv.delete(id);
      await objects.delete(id).catch(() => undefined);
    });
    return true;
  }

  /**
   * The chain that ends with the response `id` of `owner`: the responses it continues that still exist, oldest first,
   * then itself; and the ids of those that no longer do. Undefined when `id` itself does not exist.
   */
  async chain(id: string, owner: string): Promise<{ chain: StoredResponse[]; missing: string[] } | undefined> {
    const last = await this.find(id, owner);
    if (!last) return undefined;
    const earlier = await Promise.all(last.previous.map((previous) => this.find(previous, owner)));
    return {
      chain: [...earlier.filter((stored): stored is StoredResponse => stored !== undefined), last],
      missing: last.previous.filter((_previous, i) => earlier[i] === undefined),
    };
  }

  private open(): Promise<Buckets> {
    this.buckets ??= this.connect().catch((error: unknown) => {
      this.buckets = undefined;
      throw new ResponseStoreUnavailable(`stored responses are unavailable: ${(error as Error).message}`);
    });
    return this.buckets;
  }

  private async connect(): Promise<Buckets> {
    const { bucket, ttlMs, replicas } = this.settings;
    // Not waiting for a first connection: a request that needs the store gets its 503 now, and the next one tries again.
    const nc = await connect({ ...natsConnectOptions(this.settings.nats), waitOnFirstConnect: false, name: 'switchyard-gateway-responses' });
    try {
      const js = nc.jetstream({ timeout: OPERATION_TIMEOUT_MS });
      const [kv, objects] = await Promise.all([js.views.kv(bucket, { history: 1, ttl: ttlMs, replicas }), js.views.os(bucket, { ttl: nanos(ttlMs), replicas })]);
      const kvLimit = (nc.info?.max_payload ?? 1024 * 1024) - HEADER_ROOM;
      return { nc, kv, objects, kvLimit };
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  /** Runs a JetStream operation; its failure becomes `ResponseStoreUnavailable`. */
  private async attempt<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new ResponseStoreUnavailable(`stored responses are unavailable: ${(error as Error).message}`);
    }
  }
}
