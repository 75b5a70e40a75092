import { RoutingPolicySchema } from '@switchyard/contracts';
import type { ChatCompletion, ChatCompletionChunk, OpenAIErrorBody } from '@switchyard/openai';
import { z } from 'zod';

/** A client id for one request on the socket: echoed on every message about it. */
const RequestIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'letters, digits, ".", "_", ":" or "-" (at most 128)');

/**
 * A message of the envelope protocol, as one JSON text message: a chat request wrapped with an id
 * (`{"id","body"}`, optionally `"policy"`), or a cancel (of the request with that id; without one, of
 * the plain request running).
 */
export const EnvelopeMessageSchema = z.union([
  z.object({ type: z.literal('cancel'), id: RequestIdSchema.optional() }).strict(),
  z
    .object({
      type: z.literal('request').optional(),
      id: RequestIdSchema.optional(),
      policy: RoutingPolicySchema.optional(),
      body: z.unknown(),
    })
    .strict(),
]);

export type EnvelopeMessage = z.infer<typeof EnvelopeMessageSchema>;

/**
 * The two ways of talking on the socket, told apart by each message. A JSON object with `body` or
 * `type` is an envelope (`{"id","body"}`, a cancel): several requests at once, every reply wrapped
 * with its request's id. Anything else is a plain chat request body (Inferneo's WebSocket API),
 * answered with plain OpenAI objects, one request at a time.
 */
export type SocketDialect = 'envelope' | 'plain';

/** The dialect of one parsed message. */
export function dialectOf(message: unknown): SocketDialect {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return 'plain';
  return 'body' in message || 'type' in message ? 'envelope' : 'plain';
}

/** What the server sends in the envelope dialect, one JSON text message each, always naming the request by `id`. */
export type EnvelopeReply =
  /** The request was accepted: its id (the client's, or one assigned) and the route taken. */
  | { type: 'started'; id: string; request_id: string; route?: string }
  /** One `chat.completion.chunk`, exactly as SSE would carry it. */
  | { type: 'chunk'; id: string; data: ChatCompletionChunk }
  /** The whole `chat.completion`, for a request sent with `stream: false`. */
  | { type: 'completion'; id: string; data: ChatCompletion }
  /** The request finished (the `[DONE]` of SSE). */
  | { type: 'done'; id: string }
  /** The request failed: an OpenAI error body and the HTTP status it would have had. */
  | { type: 'error'; id: string | null; status: number; error: OpenAIErrorBody['error'] };

/**
 * The last message of a plain request that succeeded (the `[DONE]` of SSE). It has no `choices`, so
 * code that reads `data.choices[0].delta.content` when `data.choices` is there passes over it.
 */
export interface PlainDone {
  object: 'chat.completion.done';
  /** The id of the completion it ends (`chatcmpl-…`). */
  id: string;
  /** The gateway's id of the request (as `x-request-id` on HTTP). */
  request_id: string;
  /** The route taken (as `x-switchyard-route` on HTTP), when the router gave one. */
  route?: string;
}

/** What the server sends in the plain dialect: OpenAI's own objects, then `PlainDone` or an error body. */
export type PlainReply = ChatCompletionChunk | ChatCompletion | PlainDone | OpenAIErrorBody;
