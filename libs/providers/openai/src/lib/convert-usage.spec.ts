import type { UsagePart } from '@switchyard/contracts';
import { convertUsage } from './convert-usage';
import type { WireUsage } from './openai-wire.schema';

describe('convertUsage', () => {
  it.each<[string, WireUsage, Omit<UsagePart, 'type'>]>([
    ['plain counts (vLLM, Ollama)', { prompt_tokens: 12, completion_tokens: 5 }, { promptTokens: 12, completionTokens: 5 }],
    [
      'cached and reasoning tokens',
      { prompt_tokens: 2048, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1920 }, completion_tokens_details: { reasoning_tokens: 256 } },
      { promptTokens: 2048, completionTokens: 300, cachedPromptTokens: 1920, reasoningTokens: 256 },
    ],
    [
      'zero cached tokens kept',
      { prompt_tokens: 19, completion_tokens: 10, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
      { promptTokens: 19, completionTokens: 10, cachedPromptTokens: 0, reasoningTokens: 0 },
    ],
    [
      'null details',
      { prompt_tokens: 3, completion_tokens: 4, prompt_tokens_details: null, completion_tokens_details: { reasoning_tokens: null } },
      { promptTokens: 3, completionTokens: 4 },
    ],
  ])('%s', (_name, usage, expected) => {
    expect(convertUsage(usage)).toEqual({ type: 'usage', ...expected });
  });
});
