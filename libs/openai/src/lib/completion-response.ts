import type { CompletionUsage } from './chat-response';

/** Legacy per-token log probabilities of a text completion choice. */
export interface CompletionLogprobs {
  tokens: string[];
  token_logprobs: Array<number | null>;
  /** Per token: its `logprobs` most likely alternatives, token → log probability. */
  top_logprobs: Array<Record<string, number> | null>;
  /** Character offset of each token in the choice's text (echoed prompt included). */
  text_offset: number[];
}

export type CompletionFinishReason = 'stop' | 'length' | 'content_filter';

/** One choice of a text completion (also the shape of a streamed chunk's choice). */
export interface TextCompletionChoice {
  index: number;
  text: string;
  logprobs: CompletionLogprobs | null;
  finish_reason: CompletionFinishReason | null;
}

/** OpenAI's `CreateCompletionResponse`; streamed chunks have the same shape, one fragment each. */
export interface TextCompletion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: TextCompletionChoice[];
  usage?: CompletionUsage | null;
  system_fingerprint?: string;
}
