import type { TokenLogprob } from '@switchyard/openai';
import type { LlamaCompletionOptions, LlamaGenerationInput, LlamaPrompt } from '@switchyard/providers-llama';

/** What to load: one GGUF file, served as `local:<name>`. */
export interface ModelLoadSpec {
  /** Public name without provider prefix (`stories260k`). */
  name: string;
  /** Absolute path of the GGUF file. */
  path: string;
  /** Context window per sequence in tokens; undefined: the model's own, capped at 4096. */
  contextSize: number | undefined;
  /** Generations run at once (one llama.cpp sequence each). */
  concurrency: number;
}

/** A loaded model, as `/status` and heartbeats describe it. */
export interface ModelInfo {
  /** Public name without provider prefix. */
  name: string;
  /** The GGUF file. */
  path: string;
  /** Context window per sequence, in tokens (llama.cpp may round the requested size up). */
  contextLength: number;
  /** Generations run at once. */
  concurrency: number;
  /** CPU threads per evaluation. */
  threads: number;
  /** The chat template in use (`Llama2Chat`, `General`, `JinjaTemplate`, …). */
  chatWrapper: string;
  /** Tokens in the vocabulary; valid token ids are 0 to this minus one. */
  vocabularySize: number;
  /** Length of its embedding vectors. */
  embeddingSize: number;
  /** Whether it has fill-in-the-middle tokens (text completions with `suffix`). */
  infill: boolean;
}

/** The sum of the sampled tokens' log probabilities, to rank `best_of` candidates. */
export interface GenerationScore {
  logprobSum: number;
  /** Tokens sampled, the end-of-generation token included. */
  tokens: number;
}

/** One step of a generation, in order: `start`, `echo`*, `text`* and `toolCall`*, `end`; or a single refusal. */
export type EngineEvent =
  /** The prompt fits; tokens follow. */
  | { type: 'start'; promptTokens: number; maxTokens: number }
  /** The prompt's text, for text completions with `echo`, with its tokens' log probabilities when asked. */
  | { type: 'echo'; text: string; logprobs?: TokenLogprob[] }
  /** Generated text; `completionTokens` counts tokens generated so far; `logprobs` when asked. */
  | { type: 'text'; text: string; completionTokens: number; logprobs?: TokenLogprob[] }
  /** The model called a tool: its name and its arguments as JSON text. */
  | { type: 'toolCall'; name: string; arguments: string }
  /** The generation ended; `stopReason` is node-llama-cpp's (`maxTokens`, `eogToken`, `abort`, …); `score` when logprobs were asked. */
  | { type: 'end'; stopReason: string; completionTokens: number; score?: GenerationScore }
  /** Nothing was generated: the prompt does not fit, or a parameter cannot be used with this model. */
  | { type: 'refused'; code: 'context_length_exceeded' | 'unsupported_parameter' | 'invalid_request'; param: string; message: string };

/** What became of an embeddings request. */
export type EmbeddingOutcome =
  /** One unit-length vector per input, in order; `promptTokens` over all inputs. */
  | { type: 'embedded'; vectors: number[][]; promptTokens: number }
  /** Input `index` does not fit the context; nothing was computed. */
  | { type: 'refused'; index: number; message: string }
  /** The signal aborted between inputs. */
  | { type: 'aborted' };

/** A model ready to generate. */
export interface LoadedModel {
  readonly info: ModelInfo;
  /**
   * Runs one chat generation on a free sequence. Callers keep at most `info.concurrency` running
   * (the scheduler's job). Aborting `signal` stops it at the next token: the events then end with
   * `end` and stop reason `abort`. Leaving the iteration early also stops it; the sequence is free
   * again once the iterator has returned.
   */
  generate(input: LlamaGenerationInput, signal: AbortSignal): AsyncIterable<EngineEvent>;
  /** Runs one text completion of `prompt` (raw text, no chat template) on a free sequence; as `generate`. */
  complete(prompt: LlamaPrompt, options: LlamaCompletionOptions, signal: AbortSignal): AsyncIterable<EngineEvent>;
  /** Embeds each input (text or token ids); needs no sequence of the chat context. */
  embed(inputs: readonly LlamaPrompt[], signal: AbortSignal): Promise<EmbeddingOutcome>;
  /** Frees the model's memory. */
  dispose(): Promise<void>;
}

/** The GPU backend the engine runs on and what it sees of the devices. */
export interface EngineGpuState {
  /** node-llama-cpp's backend. */
  backend: 'cuda' | 'vulkan' | 'metal';
  /** Devices in use, by name. */
  deviceNames: string[];
  /** Video memory summed over those devices, in bytes. */
  vramTotalBytes: number;
  vramUsedBytes: number;
}

/** Loads models; the real one runs llama.cpp, tests use a fake. */
export interface InferenceEngine {
  loadModel(spec: ModelLoadSpec): Promise<LoadedModel>;
  /** The GPU state as of now; undefined on the CPU or before the first model is loaded. */
  gpuState(): Promise<EngineGpuState | undefined>;
  dispose(): Promise<void>;
}
