import {
  ClientRateLimitEventSchema,
  SUBJECTS,
  UpstreamRateLimitEventSchema,
  UsageEventSchema,
  type ClientRateLimitEvent,
  type UpstreamRateLimitEvent,
  type UsageEvent,
} from '@switchyard/contracts';
import { decodeText } from '@switchyard/nats';
import type { z } from 'zod';

/** One event from the events stream, tagged by what it is. */
export type MetricsEvent =
  | { type: 'usage'; event: UsageEvent }
  | { type: 'upstream_ratelimit'; event: UpstreamRateLimitEvent }
  | { type: 'client_ratelimit'; event: ClientRateLimitEvent };

/** The `type` label of `switchyard_events_processed_total`: an event type, or `invalid` for one that was dropped. */
export type EventTypeLabel = MetricsEvent['type'] | 'invalid';

/** An event that cannot be counted (unknown subject, not JSON, wrong shape); it is dropped, not retried. */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

/** Parses `data` against `schema`, turning any failure into a short reason. */
function parse<T>(data: Uint8Array, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(decodeText(data));
  } catch {
    throw new MalformedEventError('not JSON');
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new MalformedEventError(`${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** Decodes one event by its subject; throws `MalformedEventError` when it cannot be counted. */
export function decodeEvent(subject: string, data: Uint8Array): MetricsEvent {
  switch (subject) {
    case SUBJECTS.usageEvent:
      return { type: 'usage', event: parse(data, UsageEventSchema) };
    case SUBJECTS.upstreamRateLimitEvent:
      return { type: 'upstream_ratelimit', event: parse(data, UpstreamRateLimitEventSchema) };
    case SUBJECTS.clientRateLimitEvent:
      return { type: 'client_ratelimit', event: parse(data, ClientRateLimitEventSchema) };
    default:
      throw new MalformedEventError(`no event is published on ${subject}`);
  }
}
