import { connect, DeliverPolicy } from 'nats';
import { EVENTS_STREAM, SUBJECTS, UsageEventSchema, type UsageEvent } from '@switchyard/contracts';

/**
 * Every usage event the durable events stream has stored since `since`, read until the stream has
 * nothing more: what the metrics service consumes, so an event missing here is usage lost.
 */
export async function storedUsageEvents(natsUrl: string, since: Date): Promise<UsageEvent[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const consumer = await nc.jetstream().consumers.get(EVENTS_STREAM.name, {
      filterSubjects: SUBJECTS.usageEvent,
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: since.toISOString(),
    });
    const events: UsageEvent[] = [];
    for (;;) {
      const message = await consumer.next({ expires: 1_000 });
      if (!message) return events;
      events.push(UsageEventSchema.parse(message.json()));
    }
  } finally {
    await nc.close();
  }
}

/**
 * The request ids in `ids` that have no usage event stored since `since`, re-read for up to
 * `timeoutMs` while some are missing (the gateway publishes when a response has closed, and holds
 * events in memory while the bus is away).
 */
export async function missingUsage(natsUrl: string, since: Date, ids: readonly string[], timeoutMs = 10_000): Promise<string[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const seen = new Set((await storedUsageEvents(natsUrl, since)).map((e) => e.requestId));
    const missing = ids.filter((id) => !seen.has(id));
    if (missing.length === 0 || Date.now() >= until) return missing;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
