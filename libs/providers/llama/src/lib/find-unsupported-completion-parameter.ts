import type { CompletionRequest } from '@switchyard/openai';
import { findRefusedParameter, type SupportTable } from './parameter-support';
import type { UnsupportedParameter } from './unsupported-parameter';

/**
 * Every parameter of OpenAI's legacy completion request, and what the local worker does with it
 * (exhaustive, as the chat table). `suffix` is honoured on models with infill (fill-in-the-middle)
 * tokens only; the worker checks that against the model and refuses it by name elsewhere.
 */
const PARAMETERS: SupportTable<CompletionRequest> = {
  model: 'honoured',
  prompt: 'honoured',
  max_tokens: 'honoured',
  temperature: 'honoured',
  top_p: 'honoured',
  stop: 'honoured',
  seed: 'honoured',
  presence_penalty: 'honoured',
  frequency_penalty: 'honoured',
  n: 'honoured',
  best_of: 'honoured',
  echo: 'honoured',
  logprobs: 'honoured',
  logit_bias: 'honoured',
  suffix: 'honoured',
  top_k: 'honoured',
  min_p: 'honoured',
  repetition_penalty: 'honoured',
  stream: 'ignored',
  stream_options: 'ignored',
  user: 'ignored',
};

/** The first parameter of a text completion `request` the local worker cannot honour, or undefined. */
export function findUnsupportedCompletionParameter(request: CompletionRequest): UnsupportedParameter | undefined {
  return findRefusedParameter(PARAMETERS, request);
}
