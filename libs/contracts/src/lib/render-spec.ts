import { z } from 'zod';

const identity = {
  /** The answer's `id` (`chatcmpl-…`, `cmpl-…`), assigned by the gateway. */
  id: z.string().min(1),
  /** The answer's `created`, Unix seconds. */
  created: z.number().int().min(0),
};

/**
 * How the worker renders the client's answer (gateway → worker, in the `sy-render` header): the bytes the
 * client gets, chunk by chunk for a stream, or the whole body, so that the gateway frames them without
 * parsing. A worker given no spec answers with plain stream parts (the router and tests read those).
 */
export const RenderSpecSchema = z.discriminatedUnion('format', [
  /** A streamed chat completion: `chat.completion.chunk` objects. */
  z.object({
    format: z.literal('chat.completion.chunk'),
    ...identity,
    includeUsage: z.boolean(),
    /**
     * The stream goes on where another backend's broke (a resume): no role chunk, the `model` label the client saw
     * first, leading whitespace of the continuation dropped when the text so far ended with some (`trimLeading`), and
     * the usage chunk adding what the earlier backends spent (`prior`).
     */
    continuation: z
      .object({
        model: z.string(),
        trimLeading: z.boolean(),
        prior: z.object({ promptTokens: z.number().int().min(0), completionTokens: z.number().int().min(0) }),
      })
      .optional(),
  }),
  /** A chat completion sent whole. */
  z.object({ format: z.literal('chat.completion'), ...identity }),
  /** A streamed legacy text completion: `text_completion` chunks. */
  z.object({ format: z.literal('text_completion.chunk'), ...identity, includeUsage: z.boolean() }),
  /** A legacy text completion sent whole. */
  z.object({ format: z.literal('text_completion'), ...identity }),
  /** A streamed Anthropic message: `message_start` … `message_stop` events. */
  z.object({ format: z.literal('anthropic.message.stream'), id: z.string().min(1) }),
  /** An Anthropic message sent whole. */
  z.object({ format: z.literal('anthropic.message'), id: z.string().min(1) }),
  /** A streamed OpenAI Response: `response.created` … `response.completed` events (the request's echo from `native`). */
  z.object({ format: z.literal('openai.response.stream'), ...identity }),
  /** An OpenAI Response sent whole. */
  z.object({ format: z.literal('openai.response'), ...identity }),
  /** An embeddings list: one vector per input, as floats or base64. */
  z.object({ format: z.literal('embedding.list'), inputs: z.number().int().min(1), encoding: z.enum(['float', 'base64']) }),
]);

export type RenderSpec = z.infer<typeof RenderSpecSchema>;

/** The spec in a request's `sy-render` header; undefined when there is none or it is not a valid spec. */
export function parseRenderSpec(header: string | undefined): RenderSpec | undefined {
  if (header === undefined || header === '') return undefined;
  try {
    const parsed = RenderSpecSchema.safeParse(JSON.parse(header));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
