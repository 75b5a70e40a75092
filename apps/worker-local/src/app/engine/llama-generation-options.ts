import type { LLamaChatGenerateResponseOptions } from 'node-llama-cpp';
import type { LlamaGenerationInput } from '@switchyard/providers-llama';

/** The sampling part of node-llama-cpp's `generateResponse` options. */
export type LlamaSamplingOptions = Pick<
  LLamaChatGenerateResponseOptions,
  'maxTokens' | 'temperature' | 'topP' | 'topK' | 'minP' | 'seed' | 'repeatPenalty' | 'customStopTriggers'
>;

/** How many recent tokens presence and frequency penalties look at. */
const PENALTY_WINDOW = 256;

/**
 * node-llama-cpp's sampling options for one generation, with OpenAI's semantics: node-llama-cpp
 * defaults to top-k 40, top-p 0.95 and a 1.1 repeat penalty, which OpenAI does not apply, so they
 * are switched off explicitly; temperature 0 is greedy; penalties apply only when asked for.
 */
export function toLlamaSamplingOptions(input: LlamaGenerationInput, maxTokens: number): LlamaSamplingOptions {
  const penalised = input.presencePenalty !== 0 || input.frequencyPenalty !== 0;
  return {
    maxTokens,
    temperature: input.temperature,
    topP: input.topP,
    topK: 0,
    minP: 0,
    seed: input.seed,
    customStopTriggers: input.stop.length > 0 ? input.stop : undefined,
    repeatPenalty: penalised
      ? { penalty: 1, presencePenalty: input.presencePenalty, frequencyPenalty: input.frequencyPenalty, lastTokens: PENALTY_WINDOW }
      : false,
  };
}
