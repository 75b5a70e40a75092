import { z } from 'zod';
import { ERROR_CODE_NAMES } from '@switchyard/openai';
import { RouteSchema } from './route';

/** The client API a request came through, as the `endpoint` label names it. */
export const ENDPOINTS = ['chat/completions', 'completions', 'embeddings', 'messages', 'responses'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/** The endpoint of a request kind, for events stored before events named their endpoint. */
const ENDPOINT_OF_KIND = { chat: 'chat/completions', completion: 'completions', embeddings: 'embeddings' } as const;

/**
 * Published by the gateway once per finished request (success or failure): what was asked, how it was routed, what
 * ran, what it cost. The one durable event of a request: the routing decision travels in it rather than in an event
 * of its own.
 */
export const UsageEventSchema = z.object({
  /** Unique per event: the request id (a JetStream message id, so a re-publish is not counted twice). */
  requestId: z.string().min(1),
  /** Epoch ms when the gateway received the request. */
  receivedAt: z.number().int(),
  /** The API key's id (`key_…`, never the key), or `open` when the gateway runs without keys. */
  keyId: z.string().min(1),
  /** The endpoint: chat, text completion or embeddings. */
  kind: z.enum(['chat', 'completion', 'embeddings']),
  /**
   * The client API it came through (`messages` for Anthropic's Messages API, which runs as a chat); events stored
   * before it existed read as the endpoint of their kind.
   */
  endpoint: z.enum(ENDPOINTS).optional(),
  /** The `model` the client sent (`auto`, an alias, a backend id). */
  requestedModel: z.string(),
  /** The backend that answered (`local:stories260k`), or null when none did. */
  backend: z.string().nullable(),
  /** The HTTP status the client got (200 for a stream that started, even if it failed later). */
  status: z.number().int(),
  /** Error code when the request failed (before or after the first token). */
  errorCode: z.enum(ERROR_CODE_NAMES).nullable(),
  /** True when the request was streamed (SSE or WebSocket). */
  streamed: z.boolean(),
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
  /** Receipt to last byte, in ms. */
  durationMs: z.number().min(0),
  /** Receipt to the first generated token, in ms; null when none came. */
  ttftMs: z.number().min(0).nullable(),
  /** Mean time between generated tokens after the first, in ms; null with fewer than two. */
  interTokenMs: z.number().min(0).nullable(),
  /** Time spent in Switchyard rather than in the backend (duration minus the worker's own time), in ms; null when unknown. */
  overheadMs: z.number().min(0).nullable(),
  /**
   * What the router did (policy, failed attempts, skips, the backend chosen), from the answer's start or the router's
   * failure; null when no router decided (the request was refused first, or its client left before any answer).
   * Events stored before it existed read as null.
   */
  route: RouteSchema.nullable().default(null),
});

/** Published by the gateway when a key's rate-limit counters change (at most once a second per key). */
export const ClientRateLimitEventSchema = z.object({
  keyId: z.string().min(1),
  /** Epoch ms of the reading. */
  at: z.number().int(),
  requests: z.object({ limit: z.number().min(0), remaining: z.number().min(0) }),
  tokens: z.object({ limit: z.number().min(0), remaining: z.number().min(0) }),
});

export type UsageEvent = z.infer<typeof UsageEventSchema>;

/** The endpoint an event names, or its kind's when it names none. */
export function endpointOf(event: Pick<UsageEvent, 'endpoint' | 'kind'>): Endpoint {
  return event.endpoint ?? ENDPOINT_OF_KIND[event.kind];
}
export type ClientRateLimitEvent = z.infer<typeof ClientRateLimitEventSchema>;

/** The JetStream stream that keeps every event until the metrics service has counted it. */
export const EVENTS_STREAM = {
  name: 'SWITCHYARD_EVENTS',
  subjects: ['switchyard.events.>'],
} as const;
