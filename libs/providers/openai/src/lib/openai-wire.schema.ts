import { z } from 'zod';

/**
 * The parts of OpenAI's chat completion responses this adapter reads, validated leniently:
 * unknown fields are ignored and optional ones may be absent or null, because OpenAI-compatible
 * servers (vLLM, Ollama, Groq, Together…) differ in what they send.
 * Reference: https://platform.openai.com/docs/api-reference/chat/object
 */

const count = z.number().int().min(0);

/** One candidate token of `top_logprobs`. */
export const WireTopLogprobSchema = z.object({
  token: z.string(),
  logprob: z.number(),
  bytes: z.array(z.number().int()).nullish(),
});

/** `ChatCompletionTokenLogprob`. */
export const WireTokenLogprobSchema = WireTopLogprobSchema.extend({
  top_logprobs: z.array(WireTopLogprobSchema).nullish(),
});

/** A choice's `logprobs`: only `content` is read (refusal log probabilities have no stream part). */
export const WireChoiceLogprobsSchema = z.object({ content: z.array(WireTokenLogprobSchema).nullish() });

/** `CompletionUsage`. */
export const WireUsageSchema = z.object({
  prompt_tokens: count,
  completion_tokens: count,
  prompt_tokens_details: z.object({ cached_tokens: count.nullish() }).nullish(),
  completion_tokens_details: z.object({ reasoning_tokens: count.nullish() }).nullish(),
});

/** The legacy `function_call` of a message (complete) or of a delta (fragments). */
const WireFunctionCallSchema = z.object({ name: z.string().nullish(), arguments: z.string().nullish() });

/** A complete tool call of a non-streamed message: a function call or a custom-tool call. */
export const WireToolCallSchema = z.union([
  z.object({
    id: z.string().nullish(),
    type: z.literal('function').nullish(),
    function: z.object({ name: z.string(), arguments: z.string() }),
  }),
  z.object({
    id: z.string().nullish(),
    type: z.literal('custom'),
    custom: z.object({ name: z.string(), input: z.string() }),
  }),
]);

/** One choice of a non-streamed `chat.completion`. */
export const WireChoiceSchema = z.object({
  index: count.nullish(),
  message: z.object({
    content: z.string().nullish(),
    refusal: z.string().nullish(),
    tool_calls: z.array(WireToolCallSchema).nullish(),
    function_call: WireFunctionCallSchema.nullish(),
  }),
  finish_reason: z.string().nullish(),
  logprobs: WireChoiceLogprobsSchema.nullish(),
});

/** A non-streamed `chat.completion`. */
export const WireCompletionSchema = z.object({
  choices: z.array(WireChoiceSchema).min(1),
  usage: WireUsageSchema.nullish(),
});

/** A tool-call fragment of a streamed delta: the first fragment has id and name, later ones add arguments. */
export const WireToolCallChunkSchema = z.object({
  /** Absent on servers that send each call whole in one chunk; the position in the array is used then. */
  index: count.nullish(),
  id: z.string().nullish(),
  function: WireFunctionCallSchema.nullish(),
});

/** One choice of a `chat.completion.chunk`. */
export const WireChunkChoiceSchema = z.object({
  index: count,
  /** Some servers omit the delta of the chunk that only carries `finish_reason`. */
  delta: z
    .object({
      content: z.string().nullish(),
      refusal: z.string().nullish(),
      tool_calls: z.array(WireToolCallChunkSchema).nullish(),
      function_call: WireFunctionCallSchema.nullish(),
    })
    .nullish(),
  finish_reason: z.string().nullish(),
  logprobs: WireChoiceLogprobsSchema.nullish(),
});

/** A `chat.completion.chunk`: choices, and usage on the last one when `stream_options.include_usage` is set. */
export const WireChunkSchema = z.object({
  choices: z.array(WireChunkChoiceSchema).nullish(),
  usage: WireUsageSchema.nullish(),
});

export type WireTokenLogprob = z.infer<typeof WireTokenLogprobSchema>;
export type WireChoiceLogprobs = z.infer<typeof WireChoiceLogprobsSchema>;
export type WireUsage = z.infer<typeof WireUsageSchema>;
export type WireToolCall = z.infer<typeof WireToolCallSchema>;
export type WireChoice = z.infer<typeof WireChoiceSchema>;
export type WireCompletion = z.infer<typeof WireCompletionSchema>;
export type WireToolCallChunk = z.infer<typeof WireToolCallChunkSchema>;
export type WireChunkChoice = z.infer<typeof WireChunkChoiceSchema>;
export type WireChunk = z.infer<typeof WireChunkSchema>;
