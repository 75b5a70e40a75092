import { SeenSequences } from './seen-sequences';

describe('SeenSequences', () => {
  it('remembers what was added', () => {
    const seen = new SeenSequences(4);
    seen.add(7);
    expect(seen.has(7)).toBe(true);
    expect(seen.has(8)).toBe(false);
  });

  it('forgets the oldest once full, and only that one', () => {
    const seen = new SeenSequences(3);
    [1, 2, 3, 4].forEach((n) => seen.add(n));
    expect([1, 2, 3, 4].map((n) => seen.has(n))).toEqual([false, true, true, true]);
  });

  it('does not take a second place for a sequence added twice', () => {
    const seen = new SeenSequences(2);
    [1, 1, 2].forEach((n) => seen.add(n));
    expect([1, 2].map((n) => seen.has(n))).toEqual([true, true]);
  });
});
