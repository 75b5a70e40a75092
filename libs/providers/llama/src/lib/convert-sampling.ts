import type { ChatCompletionRequest, CompletionRequest } from '@switchyard/openai';
import type { LlamaLogitBias, LlamaSampling } from './llama-generation-input';
import { invalidParameter, type InvalidParameter } from './unsupported-parameter';

/** The sampling parameters chat and text completion requests share. */
type SamplingParams = Pick<
  ChatCompletionRequest | CompletionRequest,
  'temperature' | 'top_p' | 'stop' | 'seed' | 'presence_penalty' | 'frequency_penalty' | 'logit_bias' | 'top_k' | 'min_p' | 'repetition_penalty'
>;

/** OpenAI's sampling defaults (and "off" for the local engines' own), applied when a parameter is not set. */
const DEFAULTS = { temperature: 1, topP: 1, presencePenalty: 0, frequencyPenalty: 0, topK: 0, minP: 0, repetitionPenalty: 1 } as const;

/**
 * Below this, a temperature samples as greedily as 0 does, so it is taken as 0. llama.cpp divides the
 * logits by the temperature: at 1e-38 they overflow to infinities, and with a grammar that masks tokens
 * the sampler can pick one the grammar forbids (node-llama-cpp then fails the whole worker process).
 */
export const MIN_SAMPLING_TEMPERATURE = 1e-3;

/** `stop` as a list; empty strings would stop before anything is generated, so they mean nothing. */
function stopList(stop: SamplingParams['stop']): string[] {
  if (stop === undefined) return [];
  return (typeof stop === 'string' ? [stop] : stop).filter((s) => s !== '');
}

/**
 * `logit_bias` as token ids of the local model's tokenizer (as OpenAI, whose keys are its own
 * tokenizer's ids). Keys that are not ids are refused; ids outside the vocabulary are checked by
 * the worker, which knows the model.
 */
export function convertLogitBias(bias: Record<string, number> | undefined): { ok: true; entries: LlamaLogitBias[] } | { ok: false; error: InvalidParameter } {
  const entries: LlamaLogitBias[] = [];
  for (const [key, value] of Object.entries(bias ?? {})) {
    if (!/^\d+$/.test(key)) return { ok: false, error: invalidParameter('logit_bias', `'${key}' is not a token id (keys are token ids of the local model's tokenizer)`) };
    entries.push({ token: Number(key), bias: value });
  }
  return { ok: true, entries };
}

function greedyBelowMinimum(temperature: number): number {
  return temperature < MIN_SAMPLING_TEMPERATURE ? 0 : temperature;
}

/** The sampling settings of a chat or text completion request, with OpenAI's defaults applied. */
export function convertSampling(params: SamplingParams): { ok: true; sampling: LlamaSampling } | { ok: false; error: InvalidParameter } {
  const bias = convertLogitBias(params.logit_bias);
  if (!bias.ok) return bias;
  return {
    ok: true,
    sampling: {
      temperature: greedyBelowMinimum(params.temperature ?? DEFAULTS.temperature),
      topP: params.top_p ?? DEFAULTS.topP,
      topK: Math.max(params.top_k ?? DEFAULTS.topK, 0),
      minP: params.min_p ?? DEFAULTS.minP,
      repetitionPenalty: params.repetition_penalty ?? DEFAULTS.repetitionPenalty,
      stop: stopList(params.stop),
      seed: params.seed,
      presencePenalty: params.presence_penalty ?? DEFAULTS.presencePenalty,
      frequencyPenalty: params.frequency_penalty ?? DEFAULTS.frequencyPenalty,
      logitBias: bias.entries,
    },
  };
}
