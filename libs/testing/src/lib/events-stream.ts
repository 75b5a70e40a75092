import { connect, DeliverPolicy } from 'nats';

/** What `storedEvents` looks for. */
export interface StoredEventsQuery<T> {
  /** NATS server URL. */
  url: string;
  /** The JetStream stream holding the events. */
  stream: string;
  /** The events' subject. */
  subject: string;
  /** Only events stored from this moment on are read. */
  since: Date;
  /** Which events to keep (the stream may hold other tests' events too). */
  match: (event: T) => boolean;
  /** How many matching events to wait for (default 1). */
  count?: number;
  /** Longest wait, in ms (default 5000). */
  timeoutMs?: number;
}

/**
 * Reads the events a JetStream stream has stored on `subject` since `since`, keeping those that match,
 * until `count` have been found or the time is up: proof that they were stored, not just published.
 */
export async function storedEvents<T>(query: StoredEventsQuery<T>): Promise<T[]> {
  const nc = await connect({ servers: query.url });
  try {
    const consumer = await nc.jetstream().consumers.get(query.stream, {
      filterSubjects: query.subject,
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: query.since.toISOString(),
    });
    const found: T[] = [];
    const until = Date.now() + (query.timeoutMs ?? 5_000);
    while (found.length < (query.count ?? 1) && Date.now() < until) {
      const message = await consumer.next({ expires: 1_000 });
      const event = message?.json<T>();
      if (event !== undefined && query.match(event)) found.push(event);
    }
    return found;
  } finally {
    await nc.close();
  }
}
