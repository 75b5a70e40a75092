import { RoutingPolicySchema } from '@switchyard/contracts';
import type { ChatCompletion, ChatCompletionChunk, OpenAIErrorBody } from '@switchyard/openai';
import { z } from 'zod';

/** A client id for one request on the socket: echoed on every message about it. */
const RequestIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'letters, digits, ".", "_", ":" or "-" (at most 128)');

/**
 * What a client sends, as one JSON text message: a chat request wrapped with an id (`{"id","body"}`,
 * optionally `"policy"`), the bare chat request (the server assigns the id), or a cancel.
 */
export const ClientMessageSchema = z.union([
  z.object({ type: z.literal('cancel'), id: RequestIdSchema }).strict(),
  z
    .object({
      type: z.literal('request').optional(),
      id: RequestIdSchema.optional(),
      policy: RoutingPolicySchema.optional(),
      body: z.unknown(),
    })
    .strict(),
]);

export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** What the server sends, one JSON text message each, always naming the request by `id`. */
export type ServerMessage =
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
