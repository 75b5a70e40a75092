import type { StreamPart } from '@switchyard/contracts';
import { meanLogprob, rankCandidates, type Candidate } from './rank-candidates';

const logprob = { token: 'x', logprob: -1, bytes: null, top_logprobs: [] };
function candidate(text: string, logprobSum: number, tokens: number): Candidate {
  return {
    parts: [
      { type: 'delta', index: 9, text, logprobs: [logprob] },
      { type: 'finish', index: 9, reason: 'stop' },
    ],
    score: { logprobSum, tokens },
  };
}

describe('rankCandidates', () => {
  const candidates = [candidate('a', -3, 3), candidate('b', -1, 2), candidate('c', -2, 1), candidate('d', -0.4, 1)];

  it('keeps the n with the highest mean log probability, best first, indexed from firstIndex', () => {
    const parts = rankCandidates(candidates, 2, 4, false);
    expect(parts).toEqual<StreamPart[]>([
      { type: 'delta', index: 4, text: 'd' },
      { type: 'finish', index: 4, reason: 'stop' },
      { type: 'delta', index: 5, text: 'b' },
      { type: 'finish', index: 5, reason: 'stop' },
    ]);
  });

  it('keeps log probabilities the request asked for', () => {
    expect(rankCandidates(candidates, 1, 0, true)[0]).toEqual({ type: 'delta', index: 0, text: 'd', logprobs: [logprob] });
  });

  it('ranks a candidate without tokens last, and ties in order', () => {
    expect(meanLogprob({ logprobSum: 0, tokens: 0 })).toBe(-Infinity);
    const tied = [candidate('first', -1, 1), candidate('second', -1, 1)];
    expect(rankCandidates(tied, 1, 0, false)[0]).toMatchObject({ text: 'first' });
  });
});
