import type { TokenLogprob } from '@switchyard/openai';
import { convertLegacyLogprobs } from './convert-legacy-logprobs';

const bytes = (text: string): number[] => Array.from(Buffer.from(text, 'utf8'));

describe('convertLegacyLogprobs', () => {
  it.each<[string, Parameters<typeof convertLegacyLogprobs>[0], TokenLogprob[] | undefined]>([
    ['none', null, undefined],
    ['no tokens', { tokens: [], token_logprobs: [], top_logprobs: [] }, undefined],
    [
      'tokens with their alternatives, in the upstream order',
      { tokens: [' France', '.'], token_logprobs: [-0.0123, -0.3051], top_logprobs: [{ ' France': -0.0123, ' the': -4.61 }, { '.': -0.3051 }] },
      [
        {
          token: ' France',
          logprob: -0.0123,
          bytes: bytes(' France'),
          top_logprobs: [
            { token: ' France', logprob: -0.0123, bytes: bytes(' France') },
            { token: ' the', logprob: -4.61, bytes: bytes(' the') },
          ],
        },
        { token: '.', logprob: -0.3051, bytes: [46], top_logprobs: [{ token: '.', logprob: -0.3051, bytes: [46] }] },
      ],
    ],
    [
      "an echoed prompt's first token: null log probability and alternatives",
      { tokens: ['The', ' sky'], token_logprobs: [null, -7.8125], top_logprobs: [null, { ' sky': -7.8125 }] },
      [
        { token: 'The', logprob: 0, bytes: bytes('The'), top_logprobs: [] },
        { token: ' sky', logprob: -7.8125, bytes: bytes(' sky'), top_logprobs: [{ token: ' sky', logprob: -7.8125, bytes: bytes(' sky') }] },
      ],
    ],
    ['logprobs=0: no alternatives at all', { tokens: ['é'], token_logprobs: [-0.5] }, [{ token: 'é', logprob: -0.5, bytes: [0xc3, 0xa9], top_logprobs: [] }]],
    [
      'a token that is part of a character, spelt bytes:\\xNN',
      { tokens: ['bytes:\\xe2\\x80'], token_logprobs: [-1], top_logprobs: [{ 'bytes:\\xe2\\x80': -1 }] },
      [{ token: 'bytes:\\xe2\\x80', logprob: -1, bytes: [0xe2, 0x80], top_logprobs: [{ token: 'bytes:\\xe2\\x80', logprob: -1, bytes: [0xe2, 0x80] }] }],
    ],
  ])('%s', (_name, logprobs, expected) => {
    expect(convertLegacyLogprobs(logprobs)).toEqual(expected);
  });
});
