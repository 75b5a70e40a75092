import { EVENTS_STREAM } from '@switchyard/contracts';
import { natsConnectOptions, type NatsConnectionSettings } from '@switchyard/nats';
import { AckPolicy, connect, DeliverPolicy, nanos, type JetStreamManager, type KV, type NatsConnection } from 'nats';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long an event may stay delivered but unacknowledged before JetStream offers it again, in ms. */
export const ACK_WAIT_MS = 30_000;
/** Events delivered to one consumer (all replicas together) and not yet acknowledged, at most. */
export const MAX_ACK_PENDING = 1_024;

/** Connects to NATS for JetStream (its own connection, apart from the bus), retrying until the server answers. */
export function connectJetStream(settings: NatsConnectionSettings, name: string): Promise<NatsConnection> {
  return connect({
    ...natsConnectOptions(settings),
    name,
  });
}

/** Opens the usage bucket, creating it when missing: latest value only, entries dropped `retentionDays` after their last update. */
export function openUsageBucket(nc: NatsConnection, options: { bucket: string; replicas: number; retentionDays: number }): Promise<KV> {
  return nc.jetstream({ timeout: 5_000 }).views.kv(options.bucket, { history: 1, replicas: options.replicas, ttl: options.retentionDays * DAY_MS });
}

/**
 * Creates the durable pull consumer of the events stream when it does not exist: every event from
 * the start of the stream, acknowledged one by one, offered again after `ACK_WAIT_MS` when not.
 */
export async function ensureEventsConsumer(jsm: JetStreamManager, durable: string): Promise<void> {
  try {
    await jsm.consumers.info(EVENTS_STREAM.name, durable);
    return;
  } catch {
    // Not there yet: create it below (another replica may do the same; both succeed).
  }
  await jsm.consumers.add(EVENTS_STREAM.name, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(ACK_WAIT_MS),
    max_ack_pending: MAX_ACK_PENDING,
    max_deliver: -1,
  });
}
