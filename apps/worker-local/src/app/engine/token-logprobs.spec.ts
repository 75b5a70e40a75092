import { LogprobSpans, MIN_LOGPROB, toLogprob, topAlternatives } from './token-logprobs';

const entry = (logprob: number) => ({ logprob, alternatives: [] });

describe('toLogprob', () => {
  it.each<[number, number]>([
    [1, 0],
    [Math.exp(-2), -2],
    [0, MIN_LOGPROB],
    [1e-300 * 1e-300, MIN_LOGPROB],
  ])('%s → %s', (probability, logprob) => {
    expect(toLogprob(probability)).toBeCloseTo(logprob, 10);
  });
});

describe('topAlternatives', () => {
  const distribution = new Map([
    [7, 0.5],
    [3, 0.25],
    [9, 0.25],
    [4, 0],
  ]);

  it('takes the most likely first, with their text and bytes', () => {
    expect(topAlternatives(distribution, 2, (t) => `t${t}`)).toEqual([
      { token: 't7', logprob: Math.log(0.5), bytes: [116, 55] },
      { token: 't3', logprob: Math.log(0.25), bytes: [116, 51] },
    ]);
  });

  it('leaves out tokens that cannot be sampled, and takes none for 0', () => {
    expect(topAlternatives(distribution, 10, String)).toHaveLength(3);
    expect(topAlternatives(distribution, 0, String)).toEqual([]);
  });
});

describe('LogprobSpans', () => {
  it('releases entries once their text is sent, the last token of a group carrying its text', () => {
    const spans = new LogprobSpans();
    spans.add([entry(-1)], 'Hi');
    spans.add([entry(-2), entry(-3)], ' é');
    expect(spans.release(1).map((e) => e.token)).toEqual([]);
    expect(spans.release(2).map((e) => [e.token, e.logprob])).toEqual([
      ['Hi', -1],
      ['', -2],
    ]);
    expect(spans.release(4).map((e) => [e.token, e.logprob])).toEqual([[' é', -3]]);
  });

  it('at the end releases what starts within the output and drops the rest (a stop sequence)', () => {
    const spans = new LogprobSpans();
    spans.add([entry(-1)], 'ab');
    spans.add([entry(-2)], 'c.');
    spans.add([entry(-3)], 'd');
    expect(spans.release(3, true).map((e) => e.token)).toEqual(['ab', 'c.']);
    expect(spans.release(10, true)).toEqual([]);
  });
});
