import type { UsagePart } from '@switchyard/contracts';
import type { AnthropicUsage } from './anthropic-wire.schema';
import { convertUsage } from './convert-usage';

describe('convertUsage', () => {
  it.each<[string, AnthropicUsage, Omit<UsagePart, 'type'>]>([
    ['plain counts', { input_tokens: 25, output_tokens: 12 }, { promptTokens: 25, completionTokens: 12 }],
    ['zero cache counts reported', { input_tokens: 25, output_tokens: 12, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 }, { promptTokens: 25, completionTokens: 12, cachedPromptTokens: 0, cacheWritePromptTokens: 0 }],
    ['a cache read added to the prompt', { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 2048 }, { promptTokens: 2058, completionTokens: 5, cachedPromptTokens: 2048 }],
    ['a cache write added to the prompt', { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 1500 }, { promptTokens: 1510, completionTokens: 5, cacheWritePromptTokens: 1500 }],
    ['reads and writes together', { input_tokens: 3, output_tokens: 40, cache_read_input_tokens: 1000, cache_creation_input_tokens: 200 }, { promptTokens: 1203, completionTokens: 40, cachedPromptTokens: 1000, cacheWritePromptTokens: 200 }],
    ['null cache counts as absent', { input_tokens: 7, output_tokens: 1, cache_read_input_tokens: null, cache_creation_input_tokens: null }, { promptTokens: 7, completionTokens: 1 }],
  ])('converts %s', (_name, usage, expected) => {
    expect(convertUsage(usage)).toEqual({ type: 'usage', ...expected });
  });
});
