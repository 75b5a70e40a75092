import { openAIErrorOf } from './api-error';

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** What a streamed chat answer has said so far. */
export interface ChatStreamState {
  content: string;
  /** The chunks' `model` (`auto (selected: local:stories260k)`). */
  model: string | null;
  usage: ChatUsage | null;
  finishReason: string | null;
  /** An SSE error event's message. */
  error: string | null;
  /** Chunks that carried content, the token estimate when no usage comes. */
  contentChunks: number;
  /** When the first content came (the caller's clock). */
  firstContentAt: number | null;
  /** `[DONE]` came. */
  done: boolean;
}

export const EMPTY_CHAT: ChatStreamState = {
  content: '',
  model: null,
  usage: null,
  finishReason: null,
  error: null,
  contentChunks: 0,
  firstContentAt: null,
  done: false,
};

interface ChunkLike {
  model?: unknown;
  usage?: unknown;
  choices?: unknown;
}

function isUsage(value: unknown): value is ChatUsage {
  if (typeof value !== 'object' || value === null) return false;
  const usage = value as Record<string, unknown>;
  return typeof usage['prompt_tokens'] === 'number' && typeof usage['completion_tokens'] === 'number';
}

function firstChoice(chunk: ChunkLike): { delta?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown } | null {
  if (!Array.isArray(chunk.choices) || chunk.choices.length === 0) return null;
  const choice: unknown = chunk.choices[0];
  return typeof choice === 'object' && choice !== null ? choice : null;
}

/** Folds one SSE `data:` of a chat stream (a chunk, an error, or `[DONE]`) into the state; unreadable data changes nothing. */
export function applyChatData(state: ChatStreamState, data: string, at: number): ChatStreamState {
  if (data.trim() === '[DONE]') return { ...state, done: true };
  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch {
    return state;
  }
  if (typeof chunk !== 'object' || chunk === null) return state;
  const error = openAIErrorOf(chunk);
  if (error) return { ...state, error: error.message };
  const next = { ...state };
  const { model, usage } = chunk as ChunkLike;
  if (typeof model === 'string' && model !== '') next.model = model;
  if (isUsage(usage)) next.usage = { ...usage, total_tokens: typeof usage.total_tokens === 'number' ? usage.total_tokens : usage.prompt_tokens + usage.completion_tokens };
  const choice = firstChoice(chunk);
  const content = choice?.delta?.content ?? choice?.delta?.refusal;
  if (typeof content === 'string' && content !== '') {
    next.content += content;
    next.contentChunks += 1;
    next.firstContentAt ??= at;
  }
  if (typeof choice?.finish_reason === 'string') next.finishReason = choice.finish_reason;
  return next;
}

export interface Throughput {
  tokensPerSecond: number;
  /** `usage`: the answer's own completion token count; `estimate`: one token per content chunk. */
  source: 'usage' | 'estimate';
  tokens: number;
}

/**
 * Completion tokens per second over the generation (first content to `endedAt`); over the whole request when the
 * first content came at the end. Null before any content.
 */
export function throughput(state: ChatStreamState, startedAt: number, endedAt: number): Throughput | null {
  if (state.firstContentAt === null) return null;
  const tokens = state.usage ? state.usage.completion_tokens : state.contentChunks;
  const source = state.usage ? 'usage' : 'estimate';
  const generationMs = endedAt - state.firstContentAt;
  const ms = generationMs > 0 ? generationMs : endedAt - startedAt;
  if (ms <= 0) return null;
  return { tokensPerSecond: (tokens * 1000) / ms, source, tokens };
}
