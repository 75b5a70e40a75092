import type { GrammarJsonSchema } from './grammar-json-schema';

/**
 * One turn of the conversation as the local model sees it. The shape is node-llama-cpp's
 * `ChatHistoryItem` (system, user, model) so the worker can hand it over as is; it is declared
 * here so this library stays free of node-llama-cpp.
 */
export type LlamaHistoryItem =
  | { /** Instructions (OpenAI `system` and `developer`). */ type: 'system'; text: string }
  | { /** What the user said. */ type: 'user'; text: string }
  | { /** What the assistant said earlier: text, and the tools it called with what they returned. */ type: 'model'; response: Array<string | LlamaFunctionCall> };

/** A tool call the assistant made earlier and its result (node-llama-cpp's `ChatModelFunctionCall`). */
export interface LlamaFunctionCall {
  type: 'functionCall';
  name: string;
  /** The arguments, parsed. */
  params: unknown;
  /** What the tool returned (its `tool` message), or null when the conversation has no result for it. */
  result: unknown;
}

/** A function tool the model may call, its parameters in the grammar's JSON schema subset. */
export interface LlamaTool {
  name: string;
  description: string | undefined;
  parameters: GrammarJsonSchema;
}

/**
 * The tools of a request: with `auto` the model answers with text or calls (the chat template's own syntax); with
 * `required` its answer is one call of one of `tools` (a grammar holds it to the tool's name and parameters).
 */
export interface LlamaToolUse {
  mode: 'auto' | 'required';
  tools: LlamaTool[];
}

/** One `logit_bias` entry: a token id of the local model's vocabulary and what is added to its logit. */
export interface LlamaLogitBias {
  token: number;
  /** -100..100, as OpenAI; -100 bans the token. */
  bias: number;
}

/** What the output must look like; JSON formats are enforced by a grammar while sampling. */
export type LlamaOutputFormat =
  | { /** Free text. */ type: 'text' }
  | { /** Any JSON object (`response_format: json_object`). */ type: 'json_object' }
  | { /** JSON valid against a schema (`response_format: json_schema`). */ type: 'json_schema'; schema: GrammarJsonSchema };

/** Sampling settings shared by chat and text completions, with OpenAI's defaults applied. */
export interface LlamaSampling {
  /** Sampling temperature; 0 means greedy. OpenAI's default is 1. */
  temperature: number;
  /** Nucleus sampling threshold; 1 disables it (OpenAI's default). */
  topP: number;
  /** Sample only from this many most likely tokens; 0 disables it (the default; `top_k` -1 or 0). */
  topK: number;
  /** Drop tokens below this share of the most likely token's probability; 0 disables it (`min_p`). */
  minP: number;
  /** Divides the odds of tokens generated recently (`repetition_penalty`); 1 disables it. */
  repetitionPenalty: number;
  /** Sequences that end the generation; they are not part of the output. */
  stop: string[];
  /** Seed of the sampler, for reproducible output. */
  seed: number | undefined;
  /** Penalty on tokens that already appeared (OpenAI `presence_penalty`, -2..2, default 0). */
  presencePenalty: number;
  /** Penalty growing with how often a token appeared (OpenAI `frequency_penalty`, -2..2, default 0). */
  frequencyPenalty: number;
  /** Biases on token ids of the local model's tokenizer (OpenAI `logit_bias`). */
  logitBias: LlamaLogitBias[];
}

/** Everything the local worker needs to run one chat generation, with OpenAI's defaults applied. */
export interface LlamaGenerationInput extends LlamaSampling {
  /** The conversation, oldest first. */
  history: LlamaHistoryItem[];
  /** The answer goes on from the last history item, a model response (`continue_final_message`), instead of a new one. */
  continueFinalMessage: boolean;
  /** Most tokens to generate (`max_completion_tokens`, else `max_tokens`); undefined: what fits the context. */
  maxTokens: number | undefined;
  /** Log probabilities to return: undefined for none, else the sampled token's and this many alternatives. */
  logprobs: number | undefined;
  /** Output format (`response_format`). */
  format: LlamaOutputFormat;
  /** The tools it may or must call; undefined when there are none (or `tool_choice` is `none`). */
  tools: LlamaToolUse | undefined;
  /** Whether the model may call several tools in one answer (`parallel_tool_calls`, default true). */
  parallelToolCalls: boolean;
}
