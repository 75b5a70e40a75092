import { z } from 'zod';

/**
 * OpenAI's `CreateEmbeddingResponse` as this adapter reads it: each embedding as floats or as base64
 * little-endian float32 (whatever was asked, a server may answer either), usage when reported.
 * Reference: https://platform.openai.com/docs/api-reference/embeddings/object
 */

const count = z.number().int().min(0);

/** One embedding of the list. */
export const WireEmbeddingSchema = z.object({
  index: count,
  embedding: z.union([z.array(z.number()), z.string()]),
});

/** The whole response. */
export const WireEmbeddingListSchema = z.object({
  data: z.array(WireEmbeddingSchema).min(1),
  usage: z.object({ prompt_tokens: count, total_tokens: count.nullish() }).nullish(),
});

export type WireEmbedding = z.infer<typeof WireEmbeddingSchema>;
export type WireEmbeddingList = z.infer<typeof WireEmbeddingListSchema>;
