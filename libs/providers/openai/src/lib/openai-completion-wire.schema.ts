import { z } from 'zod';
import { WireUsageSchema } from './openai-wire.schema';

/**
 * The parts of OpenAI's legacy text completion responses (`text_completion`, whole or streamed) this
 * adapter reads, as leniently as the chat schemas: unknown fields are ignored, optional ones may be
 * absent or null. Reference: https://platform.openai.com/docs/api-reference/completions/object
 */

const count = z.number().int().min(0);

/**
 * A choice's legacy `logprobs`: per token its text, its log probability (null for the first token of
 * an echoed prompt, which has no context) and its most likely alternatives (token → log probability).
 * `text_offset` is not read: the gateway recomputes it from the text it sends.
 */
export const WireLegacyLogprobsSchema = z.object({
  tokens: z.array(z.string()),
  token_logprobs: z.array(z.number().nullable()).nullish(),
  top_logprobs: z.array(z.record(z.string(), z.number()).nullable()).nullish(),
});

/** One choice of a `text_completion`; a streamed one carries a fragment of the text (`text` is what tells it from a chat choice). */
export const WireTextChoiceSchema = z.object({
  index: count.nullish(),
  text: z.string(),
  finish_reason: z.string().nullish(),
  logprobs: WireLegacyLogprobsSchema.nullish(),
});

/** A non-streamed `text_completion`. */
export const WireTextCompletionSchema = z.object({
  choices: z.array(WireTextChoiceSchema).min(1),
  usage: WireUsageSchema.nullish(),
});

/** A streamed `text_completion` chunk: choices (each with its index), and usage on the last one when `stream_options.include_usage` is set. */
export const WireTextChunkSchema = z.object({
  choices: z.array(WireTextChoiceSchema.extend({ index: count })).nullish(),
  usage: WireUsageSchema.nullish(),
});

export type WireLegacyLogprobs = z.infer<typeof WireLegacyLogprobsSchema>;
export type WireTextChoice = z.infer<typeof WireTextChoiceSchema>;
export type WireTextCompletion = z.infer<typeof WireTextCompletionSchema>;
export type WireTextChunk = z.infer<typeof WireTextChunkSchema>;
