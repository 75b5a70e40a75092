import { createAnthropicAdapter } from '@switchyard/providers-anthropic';
import type { ProviderAdapter } from '@switchyard/providers-core';
import { createOpenAIAdapter } from '@switchyard/providers-openai';
import type { ResolvedProvider } from './resolved-provider';

/**
 * The wire format of a provider: an OpenAI-compatible API reuses the OpenAI translator with another
 * base URL. OpenAI itself is asked for base64 embeddings (a quarter of the bytes of float text, as its
 * own SDK does); compatible servers for floats, which all of them know, and get the local engines'
 * sampling parameters their configuration declares.
 */
export function adapterFor(provider: Pick<ResolvedProvider, 'kind' | 'name' | 'samplingParameters'>): ProviderAdapter {
  switch (provider.kind) {
    case 'openai':
      return createOpenAIAdapter({ provider: provider.name, embeddingEncoding: 'base64' });
    case 'openai-compatible':
      return createOpenAIAdapter({ provider: provider.name, samplingParameters: provider.samplingParameters });
    case 'anthropic':
      return createAnthropicAdapter();
  }
}
