/** OpenAI chat completion response objects and their builders. */
import { z } from 'zod';

/** Why a choice stopped, in OpenAI's vocabulary (the one definition: stream parts use it too). */
export const FINISH_REASONS = ['stop', 'length', 'tool_calls', 'content_filter', 'function_call'] as const;
export type FinishReason = (typeof FINISH_REASONS)[number];

/** One token's log probability, as OpenAI's `ChatCompletionTokenLogprob` (the one definition: stream parts carry it). */
export const TokenLogprobSchema = z.object({
  token: z.string(),
  logprob: z.number(),
  bytes: z.array(z.number().int()).nullable(),
  top_logprobs: z.array(z.object({ token: z.string(), logprob: z.number(), bytes: z.array(z.number().int()).nullable() })),
});
export type TokenLogprob = z.infer<typeof TokenLogprobSchema>;

/** OpenAI's `CompletionUsage`. */
export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
}

/** A complete tool call in a response message. */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A tool-call fragment in a streamed delta. */
export interface ToolCallChunk {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

/** OpenAI's per-choice log probabilities. */
export interface ChoiceLogprobs {
  content: TokenLogprob[] | null;
  refusal: TokenLogprob[] | null;
}


/** One choice of a non-streamed chat completion. */
export interface ChatCompletionChoice {
  index: number;
  message: { role: 'assistant'; content: string | null; refusal: string | null; tool_calls?: ToolCall[] };
  logprobs: ChoiceLogprobs | null;
  finish_reason: FinishReason;
}

/** OpenAI's `CreateChatCompletionResponse`. */
export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatCompletionChoice[];
  usage?: CompletionUsage;
  system_fingerprint?: string;
}

/** The delta of one streamed choice. */
export interface ChatChunkDelta {
  role?: 'assistant';
  content?: string | null;
  refusal?: string | null;
  tool_calls?: ToolCallChunk[];
}

/** One choice of a streamed chunk. */
export interface ChatChunkChoice {
  index: number;
  delta: ChatChunkDelta;
  logprobs: ChoiceLogprobs | null;
  finish_reason: FinishReason | null;
}

/** OpenAI's `CreateChatCompletionStreamResponse`. */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChatChunkChoice[];
  usage?: CompletionUsage | null;
  system_fingerprint?: string;
}

/** Builds usage with its total, and the cache and reasoning details when they are known. */
export function usageOf(
  promptTokens: number,
  completionTokens: number,
  details: { cachedTokens?: number; reasoningTokens?: number } = {},
): CompletionUsage {
  const usage: CompletionUsage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
  if (details.cachedTokens !== undefined) usage.prompt_tokens_details = { cached_tokens: details.cachedTokens };
  if (details.reasoningTokens !== undefined) usage.completion_tokens_details = { reasoning_tokens: details.reasoningTokens };
  return usage;
}
