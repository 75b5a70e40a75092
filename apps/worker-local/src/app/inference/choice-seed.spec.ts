import { choiceSeed } from './choice-seed';

describe('choiceSeed', () => {
  it.each<[string, number | undefined, number, number]>([
    ['the seed for the first choice', 42, 0, 42],
    ['seed + index for the next', 42, 2, 44],
    ['a negative seed folded into 32 bits', -1, 0, 2 ** 32 - 1],
    ['a large seed folded into 32 bits', 2 ** 40 + 3, 1, 4],
    ['a random seed without one', undefined, 1, 2 ** 31],
  ])('gives %s', (_name, seed, index, expected) => {
    expect(choiceSeed(seed, index, () => 0.5)).toBe(expected);
  });
});
