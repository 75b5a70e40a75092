import type { Token } from 'node-llama-cpp';
import type { LlamaSampling } from '@switchyard/providers-llama';
import { toLlamaSamplingOptions, toSequenceSamplingOptions, type LlamaSamplingOptions } from './llama-generation-options';

const input: LlamaSampling = {
  temperature: 1,
  topP: 1,
  topK: 0,
  minP: 0,
  repetitionPenalty: 1,
  stop: [],
  seed: undefined,
  presencePenalty: 0,
  frequencyPenalty: 0,
  logitBias: [],
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
  it.each<[string, Partial<LlamaSampling>, Partial<LlamaSamplingOptions>]>([
    ['defaults: no top-k, no repeat penalty', {}, {}],
    ['greedy', { temperature: 0 }, { temperature: 0 }],
    ['top-p and seed', { topP: 0.9, seed: 3 }, { topP: 0.9, seed: 3 }],
    ['stop sequences as custom stop triggers', { stop: ['.', 'END'] }, { customStopTriggers: ['.', 'END'] }],
    [
      'presence penalty only, without the multiplicative repeat penalty',
      { presencePenalty: 0.5 },
      { repeatPenalty: { penalty: 1, presencePenalty: 0.5, frequencyPenalty: 0, lastTokens: 256 } },
    ],
    ['top-k and min-p', { topK: 40, minP: 0.05 }, { topK: 40, minP: 0.05 }],
    [
      'the repetition penalty alone',
      { repetitionPenalty: 1.3 },
      { repeatPenalty: { penalty: 1.3, presencePenalty: 0, frequencyPenalty: 0, lastTokens: 256 } },
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
    expect(toLlamaSamplingOptions(input, 5).maxTokens).toBe(5);
  });
});

describe('toSequenceSamplingOptions', () => {
  it('switches off top-k, min-p and penalties by default', () => {
    expect(toSequenceSamplingOptions({ ...input, temperature: 0, seed: 4 }, [])).toEqual({ temperature: 0, topP: 1, topK: 0, minP: 0, seed: 4, repeatPenalty: undefined });
  });

  it('penalises the recent tokens it is given only when a penalty is asked for', () => {
    const recent: Token[] = [];
    const options = toSequenceSamplingOptions({ ...input, presencePenalty: 0.5 }, recent);
    expect(options.repeatPenalty).toEqual({ punishTokens: recent, maxPunishTokens: 256, penalty: 1, presencePenalty: 0.5, frequencyPenalty: 0 });
    expect(options.repeatPenalty?.punishTokens).toBe(recent);
  });

  it('passes top-k, min-p and the repetition penalty', () => {
    const options = toSequenceSamplingOptions({ ...input, topK: 5, minP: 0.1, repetitionPenalty: 1.2 }, []);
    expect(options).toMatchObject({ topK: 5, minP: 0.1, repeatPenalty: { penalty: 1.2, presencePenalty: 0, frequencyPenalty: 0 } });
  });
});
