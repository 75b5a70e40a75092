/**
 * One turn of the conversation as the local model sees it. The shape is node-llama-cpp's
 * `ChatHistoryItem` (system, user, model) so the worker can hand it over as is; it is declared
 * here so this library stays free of node-llama-cpp.
 */
export type LlamaHistoryItem =
  | { /** Instructions (OpenAI `system` and `developer`). */ type: 'system'; text: string }
  | { /** What the user said. */ type: 'user'; text: string }
  | { /** What the assistant said earlier. */ type: 'model'; response: string[] };

/** Everything the local worker needs to run one chat generation, with OpenAI's defaults applied. */
export interface LlamaGenerationInput {
  /** The conversation, oldest first. */
  history: LlamaHistoryItem[];
  /** Most tokens to generate (`max_completion_tokens`, else `max_tokens`); undefined: what fits the context. */
  maxTokens: number | undefined;
  /** Sampling temperature; 0 means greedy. OpenAI's default is 1. */
  temperature: number;
  /** Nucleus sampling threshold; 1 disables it (OpenAI's default). */
  topP: number;
  /** Sequences that end the generation; they are not part of the output. */
  stop: string[];
  /** Seed of the sampler, for reproducible output. */
  seed: number | undefined;
  /** Penalty on tokens that already appeared (OpenAI `presence_penalty`, -2..2, default 0). */
  presencePenalty: number;
  /** Penalty growing with how often a token appeared (OpenAI `frequency_penalty`, -2..2, default 0). */
  frequencyPenalty: number;
}
