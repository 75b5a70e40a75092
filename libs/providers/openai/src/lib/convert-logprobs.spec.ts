import type { TokenLogprob } from '@switchyard/openai';
import { convertLogprobs } from './convert-logprobs';
import type { WireChoiceLogprobs } from './openai-wire.schema';

describe('convertLogprobs', () => {
  it.each<[string, WireChoiceLogprobs | null | undefined, TokenLogprob[] | undefined]>([
    ['absent', undefined, undefined],
    ['null', null, undefined],
    ['null content', { content: null }, undefined],
    ['empty content', { content: [] }, undefined],
    [
      "OpenAI's shape",
      { content: [{ token: 'Hi', logprob: -0.01, bytes: [72, 105], top_logprobs: [{ token: 'Hi', logprob: -0.01, bytes: [72, 105] }, { token: 'Hello', logprob: -4.6, bytes: [72, 101, 108, 108, 111] }] }] },
      [{ token: 'Hi', logprob: -0.01, bytes: [72, 105], top_logprobs: [{ token: 'Hi', logprob: -0.01, bytes: [72, 105] }, { token: 'Hello', logprob: -4.6, bytes: [72, 101, 108, 108, 111] }] }],
    ],
    [
      'missing bytes and top_logprobs',
      { content: [{ token: '!', logprob: -1.5 }, { token: '?', logprob: -2, bytes: null, top_logprobs: [{ token: '?', logprob: -2 }] }] },
      [{ token: '!', logprob: -1.5, bytes: null, top_logprobs: [] }, { token: '?', logprob: -2, bytes: null, top_logprobs: [{ token: '?', logprob: -2, bytes: null }] }],
    ],
  ])('%s', (_name, logprobs, expected) => {
    expect(convertLogprobs(logprobs)).toEqual(expected);
  });
});
