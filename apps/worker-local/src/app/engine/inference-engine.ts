import type { LlamaGenerationInput } from '@switchyard/providers-llama';

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
}

/** One step of a generation, in order: `start`, `text`*, `end`; or a single refusal. */
export type EngineEvent =
  /** The prompt fits; tokens follow. */
  | { type: 'start'; promptTokens: number; maxTokens: number }
  /** Generated text; `completionTokens` counts tokens generated so far. */
  | { type: 'text'; text: string; completionTokens: number }
  /** The generation ended; `stopReason` is node-llama-cpp's (`maxTokens`, `eogToken`, `abort`, …). */
  | { type: 'end'; stopReason: string; completionTokens: number }
  /** The prompt does not fit the context; nothing was generated. */
  | { type: 'context_length_exceeded'; promptTokens: number; message: string };

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
