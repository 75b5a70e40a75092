import { infillPrompt } from './infill-tokens';

describe('infillPrompt', () => {
  it.each<[string, Parameters<typeof infillPrompt>[0], number[]]>([
    ['prefix, suffix, middle with a beginning token', { bos: 1, prefix: 10, suffix: 11, middle: 12 }, [1, 10, 5, 6, 11, 7, 12]],
    ['no beginning token', { bos: null, prefix: 10, suffix: 11, middle: 12 }, [10, 5, 6, 11, 7, 12]],
    ['suffix first without a middle token', { bos: 1, prefix: 10, suffix: 11, middle: null }, [1, 11, 7, 10, 5, 6]],
  ])('lays out %s', (_name, tokens, expected) => {
    expect(infillPrompt(tokens, [5, 6], [7])).toEqual(expected);
  });
});
