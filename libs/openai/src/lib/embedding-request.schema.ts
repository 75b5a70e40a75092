import { z } from 'zod';

const TokenIdsSchema = z.array(z.number().int().min(0)).min(1).max(8192);

/** `input`: a string, strings, token ids, or lists of token ids; empty strings are refused, as OpenAI does. */
export const EmbeddingInputSchema = z.union([
  z.string().min(1, 'input must not be empty'),
  z.array(z.string().min(1, 'input must not contain empty strings')).min(1).max(2048),
  TokenIdsSchema,
  z.array(TokenIdsSchema).min(1).max(2048),
]);

/** OpenAI's `CreateEmbeddingRequest`; a null optional parameter means "not set". */
export const EmbeddingRequestSchema = z
  .object({
    model: z.string().min(1),
    input: EmbeddingInputSchema,
    encoding_format: z.enum(['float', 'base64']).optional(),
    dimensions: z.number().int().min(1).optional(),
    user: z.string().optional(),
  })
  .strict();

/** The inputs of an embedding request, one vector each (token-id inputs stay as ids). */
export function embeddingInputs(input: EmbeddingRequest['input']): Array<string | number[]> {
  if (typeof input === 'string') return [input];
  if (input.length > 0 && typeof input[0] === 'number') return [input as number[]];
  return input as Array<string | number[]>;
}

export type EmbeddingRequest = z.infer<typeof EmbeddingRequestSchema>;
