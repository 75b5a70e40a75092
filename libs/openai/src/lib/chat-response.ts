/** OpenAI chat completion response objects and their builders. */

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

/** OpenAI's `CompletionUsage`. */
export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** One choice of a non-streamed chat completion. */
export interface ChatCompletionChoice {
  index: number;
  message: { role: 'assistant'; content: string | null; refusal: null };
  logprobs: null;
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
}

/** One choice of a streamed chunk. */
export interface ChatChunkChoice {
  index: number;
  delta: ChatChunkDelta;
  logprobs: null;
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

/** Builds usage with its total. */
export function usageOf(promptTokens: number, completionTokens: number): CompletionUsage {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

/** Fields every chunk of one stream shares. */
export interface ChunkHeader {
  id: string;
  created: number;
  model: string;
}

/** A chunk carrying one choice's delta and/or finish reason. */
export function choiceChunk(
  header: ChunkHeader,
  index: number,
  delta: ChatChunkDelta,
  finishReason: FinishReason | null = null,
): ChatCompletionChunk {
  return {
    id: header.id,
    object: 'chat.completion.chunk',
    created: header.created,
    model: header.model,
    choices: [{ index, delta, logprobs: null, finish_reason: finishReason }],
  };
}

/** The final usage chunk sent when `stream_options.include_usage` is set: no choices, usage filled. */
export function usageChunk(header: ChunkHeader, usage: CompletionUsage): ChatCompletionChunk {
  return { id: header.id, object: 'chat.completion.chunk', created: header.created, model: header.model, choices: [], usage };
}
