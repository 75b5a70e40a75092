import { l2Normalize } from './llama-embedder';

describe('l2Normalize', () => {
  it('scales a vector to length 1', () => {
    expect(l2Normalize([3, 4])).toEqual([0.6, 0.8]);
  });

  it('leaves a zero vector as it is', () => {
    expect(l2Normalize([0, 0])).toEqual([0, 0]);
  });
});
