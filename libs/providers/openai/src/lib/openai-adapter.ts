import type { SamplingExtension } from '@switchyard/openai';
import type { ProviderAdapter } from '@switchyard/providers-core';
import { buildChatRequest, buildCompletionRequest, buildEmbeddingRequest, type EmbeddingEncoding, type UpstreamExtras } from './build-request';
import { convertEmbeddings } from './convert-embeddings';
import { convertError } from './convert-error';
import { convertResponse } from './convert-response';
import { convertTextCompletion } from './convert-text-completion';
import { OpenAIStreamConverter, readTextChunk } from './openai-stream-converter';
import { readRateLimits } from './read-rate-limits';

/** Options of one OpenAI-format adapter. */
export interface OpenAIAdapterOptions {
  /** Provider name in error messages (`openai`, `groq`, `vllm`); `openai` when not given. */
  provider?: string;
  /** `encoding_format` asked of the upstream for embeddings; `float` (which every compatible server knows) when not given. */
  embeddingEncoding?: EmbeddingEncoding;
  /** The local engines' sampling parameters the upstream takes (`top_k`, …; a vLLM or llama.cpp server); none when not given. */
  samplingParameters?: readonly SamplingExtension[];
}

/**
 * The OpenAI wire format, for OpenAI itself and for every OpenAI-compatible server (Groq, Together,
 * vLLM, Ollama…), which differ only by base URL and key: chat completions, legacy text completions
 * and embeddings, with one error and rate-limit reading for all three.
 * Reference: https://platform.openai.com/docs/api-reference
 */
export function createOpenAIAdapter(options: OpenAIAdapterOptions = {}): ProviderAdapter {
  const provider = options.provider ?? 'openai';
  const encoding = options.embeddingEncoding ?? 'float';
  const extras: UpstreamExtras = { provider, samplingParameters: new Set(options.samplingParameters ?? []) };
  return {
    format: 'openai',
    probePath: '/models',
    chat: {
      buildRequest: (body, upstreamModel, stream) => buildChatRequest(body, upstreamModel, stream, extras),
      convertResponse: (json) => convertResponse(provider, json),
      createStreamConverter: () => new OpenAIStreamConverter(provider),
    },
    completion: {
      buildRequest: (body, upstreamModel, stream) => buildCompletionRequest(body, upstreamModel, stream, extras),
      convertResponse: (json) => convertTextCompletion(provider, json),
      createStreamConverter: () => new OpenAIStreamConverter(provider, readTextChunk),
    },
    embeddings: {
      buildRequest: (body, upstreamModel) => buildEmbeddingRequest(body, upstreamModel, encoding),
      convertResponse: (json) => convertEmbeddings(provider, json),
    },
    authHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
    convertError: (status, body) => convertError(provider, status, body),
    readRateLimits,
  };
}

/** The adapter for OpenAI itself (errors name `openai`). */
export const openAIAdapter: ProviderAdapter = createOpenAIAdapter();
