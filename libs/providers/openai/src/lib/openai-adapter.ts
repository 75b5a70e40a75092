import type { ProviderAdapter } from '@switchyard/providers-core';
import { buildRequest } from './build-request';
import { convertError } from './convert-error';
import { convertResponse } from './convert-response';
import { OpenAIStreamConverter } from './openai-stream-converter';
import { readRateLimits } from './read-rate-limits';

/** Options of one OpenAI-format adapter. */
export interface OpenAIAdapterOptions {
  /** Provider name in error messages (`openai`, `groq`, `vllm`); `openai` when not given. */
  provider?: string;
}

/**
 * The OpenAI chat completions wire format, for OpenAI itself and for every OpenAI-compatible
 * server (Groq, Together, vLLM, Ollama…), which differ only by base URL and key.
 * Reference: https://platform.openai.com/docs/api-reference/chat
 */
export function createOpenAIAdapter(options: OpenAIAdapterOptions = {}): ProviderAdapter {
  const provider = options.provider ?? 'openai';
  return {
    format: 'openai',
    probePath: '/models',
    authHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
    buildRequest,
    convertResponse: (json) => convertResponse(provider, json),
    createStreamConverter: () => new OpenAIStreamConverter(provider),
    convertError: (status, body) => convertError(provider, status, body),
    readRateLimits,
  };
}

/** The adapter for OpenAI itself (errors name `openai`). */
export const openAIAdapter: ProviderAdapter = createOpenAIAdapter();
