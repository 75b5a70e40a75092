import { createAnthropicAdapter } from '@switchyard/providers-anthropic';
import type { ProviderAdapter } from '@switchyard/providers-core';
import { createOpenAIAdapter } from '@switchyard/providers-openai';
import type { ResolvedProvider } from './resolved-provider';

/** The wire format of a provider: an OpenAI-compatible API reuses the OpenAI translator with another base URL. */
export function adapterFor(provider: Pick<ResolvedProvider, 'kind' | 'name'>): ProviderAdapter {
  switch (provider.kind) {
    case 'openai':
    case 'openai-compatible':
      return createOpenAIAdapter({ provider: provider.name });
    case 'anthropic':
      return createAnthropicAdapter();
  }
}
