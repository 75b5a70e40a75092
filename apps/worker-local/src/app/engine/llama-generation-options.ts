import type { LLamaChatGenerateResponseOptions, SequenceEvaluateOptions, Token } from 'node-llama-cpp';
import type { LlamaSampling } from '@switchyard/providers-llama';

/** The sampling part of node-llama-cpp's `generateResponse` options. */
export type LlamaSamplingOptions = Pick<
  LLamaChatGenerateResponseOptions,
  'maxTokens' | 'temperature' | 'topP' | 'topK' | 'minP' | 'seed' | 'repeatPenalty' | 'customStopTriggers'
>;

/** The sampling part of `sequence.evaluate` options, for generations run token by token. */
export type SequenceSamplingOptions = Pick<SequenceEvaluateOptions, 'temperature' | 'topP' | 'topK' | 'minP' | 'seed' | 'repeatPenalty'>;

/** How many recent tokens the repetition, presence and frequency penalties look at. */
export const PENALTY_WINDOW = 256;

function penalised(sampling: LlamaSampling): boolean {
  return sampling.presencePenalty !== 0 || sampling.frequencyPenalty !== 0 || sampling.repetitionPenalty !== 1;
}

/**
 * node-llama-cpp's sampling options for one chat generation, with OpenAI's semantics: node-llama-cpp
 * defaults to top-k 40, top-p 0.95 and a 1.1 repeat penalty, which OpenAI does not apply, so they
 * are off unless the request asks for them (`top_k`, `min_p`, `repetition_penalty`); temperature 0 is
 * greedy; penalties apply only when asked for.
 */
export function toLlamaSamplingOptions(sampling: LlamaSampling, maxTokens: number): LlamaSamplingOptions {
  return {
    maxTokens,
    temperature: sampling.temperature,
    topP: sampling.topP,
    topK: sampling.topK,
    minP: sampling.minP,
    seed: sampling.seed,
    customStopTriggers: sampling.stop.length > 0 ? sampling.stop : undefined,
    repeatPenalty: penalised(sampling)
      ? { penalty: sampling.repetitionPenalty, presencePenalty: sampling.presencePenalty, frequencyPenalty: sampling.frequencyPenalty, lastTokens: PENALTY_WINDOW }
      : false,
  };
}

/**
 * The same semantics for `sequence.evaluate`. Penalties look at `recent`, which the caller keeps to
 * the last `PENALTY_WINDOW` generated tokens: node-llama-cpp reads the array at every token. (An
 * array rather than a function: node-llama-cpp tells them apart with `instanceof Function`, which
 * fails for functions from another realm, such as Jest's sandbox.)
 */
export function toSequenceSamplingOptions(sampling: LlamaSampling, recent: Token[]): SequenceSamplingOptions {
  return {
    temperature: sampling.temperature,
    topP: sampling.topP,
    topK: sampling.topK,
    minP: sampling.minP,
    seed: sampling.seed,
    repeatPenalty: penalised(sampling)
      ? { punishTokens: recent, maxPunishTokens: PENALTY_WINDOW, penalty: sampling.repetitionPenalty, presencePenalty: sampling.presencePenalty, frequencyPenalty: sampling.frequencyPenalty }
      : undefined,
  };
}
