import type { LlamaGenerationInput } from '@switchyard/providers-llama';
import { toLlamaSamplingOptions, type LlamaSamplingOptions } from './llama-generation-options';

const input: LlamaGenerationInput = {
  history: [{ type: 'user', text: 'Hi' }],
  maxTokens: undefined,
  temperature: 1,
  topP: 1,
  stop: [],
  seed: undefined,
  presencePenalty: 0,
  frequencyPenalty: 0,
};
const plain: LlamaSamplingOptions = {
  maxTokens: 100,
  temperature: 1,
  topP: 1,
  topK: 0,
  minP: 0,
  seed: undefined,
  customStopTriggers: undefined,
  repeatPenalty: false,
};

describe('toLlamaSamplingOptions', () => {
  it.each<[string, Partial<LlamaGenerationInput>, Partial<LlamaSamplingOptions>]>([
    ['defaults: no top-k, no repeat penalty', {}, {}],
    ['greedy', { temperature: 0 }, { temperature: 0 }],
    ['top-p and seed', { topP: 0.9, seed: 3 }, { topP: 0.9, seed: 3 }],
    ['stop sequences as custom stop triggers', { stop: ['.', 'END'] }, { customStopTriggers: ['.', 'END'] }],
    [
      'presence penalty only, without the multiplicative repeat penalty',
      { presencePenalty: 0.5 },
      { repeatPenalty: { penalty: 1, presencePenalty: 0.5, frequencyPenalty: 0, lastTokens: 256 } },
    ],
    [
      'frequency penalty',
      { frequencyPenalty: -1 },
      { repeatPenalty: { penalty: 1, presencePenalty: 0, frequencyPenalty: -1, lastTokens: 256 } },
    ],
  ])('maps %s', (_name, overrides, expected) => {
    expect(toLlamaSamplingOptions({ ...input, ...overrides }, 100)).toEqual({ ...plain, ...expected });
  });

  it('uses the planned budget as maxTokens', () => {
    expect(toLlamaSamplingOptions({ ...input, maxTokens: 9 }, 5).maxTokens).toBe(5);
  });
});
