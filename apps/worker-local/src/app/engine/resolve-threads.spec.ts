import { resolveThreads } from './resolve-threads';

describe('resolveThreads', () => {
  it.each<[string, number, number, number]>([
    ['a configured count, as is', 3, 2, 3],
    ['a configured count above the cores', 8, 2, 8],
    ['auto on 2 cores: 1', 0, 2, 1],
    ['auto on 1 core: 1', 0, 1, 1],
    ['auto on 8 cores: 7', 0, 8, 7],
    ['auto with unknown cores (0): 1', 0, 0, 1],
  ])('uses %s', (_name, configured, cores, expected) => {
    expect(resolveThreads(configured, cores)).toBe(expected);
  });
});
