import type { KV, NatsConnection } from 'nats';

/** Where the two buckets are and how they are created. */
export interface BucketOptions {
  /** Bucket name. */
  bucket: string;
  /** Replicas when the bucket is created (at most the JetStream cluster's size). */
  replicas?: number;
  /** How long one KV operation may take before it fails, in ms. */
  timeoutMs?: number;
}

/** Counters outlive their longest window (a day) by a day, then JetStream drops them. */
const COUNTER_MAX_AGE_MS = 2 * 24 * 60 * 60 * 1000;

/** Opens the key-record bucket, creating it when missing (a few revisions kept, for audit). */
export function openKeysBucket(nc: NatsConnection, options: BucketOptions): Promise<KV> {
  const js = nc.jetstream({ timeout: options.timeoutMs ?? 5_000 });
  return js.views.kv(options.bucket, { history: 5, replicas: options.replicas ?? 1 });
}

/** Opens the rate-limit counter bucket, creating it when missing (latest value only; idle counters expire). */
export function openLimitsBucket(nc: NatsConnection, options: BucketOptions): Promise<KV> {
  const js = nc.jetstream({ timeout: options.timeoutMs ?? 1_000 });
  return js.views.kv(options.bucket, { history: 1, replicas: options.replicas ?? 1, ttl: COUNTER_MAX_AGE_MS });
}

/** JetStream's "wrong last sequence": a compare-and-set lost to another writer. */
const WRONG_LAST_SEQUENCE = 10071;

/** True when a KV create/update failed because another writer got there first. */
export function isRevisionConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const apiError = (error as { api_error?: { err_code?: number } }).api_error;
  return apiError?.err_code === WRONG_LAST_SEQUENCE;
}
