import { connect, type NatsConnection } from 'nats';

let counter = 0;

/** A bucket name no other test (or process) uses. */
export function uniqueBucket(kind: string): string {
  counter += 1;
  return `test_${kind}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

/** Connects to the test NATS server. */
export function connectTest(url: string): Promise<NatsConnection> {
  return connect({ servers: url, name: 'switchyard-keys-test' });
}

/** Deletes the buckets a test created (and only those). */
export async function destroyBuckets(nc: NatsConnection, buckets: string[]): Promise<void> {
  const jsm = await nc.jetstreamManager();
  for (const bucket of buckets) await jsm.streams.delete(`KV_${bucket}`).catch(() => undefined);
}
