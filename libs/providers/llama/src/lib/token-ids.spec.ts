import { checkTokenIds } from './token-ids';

describe('checkTokenIds', () => {
  it('accepts ids within the vocabulary', () => {
    expect(checkTokenIds([0, 5, 511], 512, 'prompt')).toBeUndefined();
  });

  it.each<[number[], number]>([
    [[1, 512], 512],
    [[-1], 512],
    [[1.5], 512],
  ])('refuses %j, naming the parameter and the first bad id', (ids, size) => {
    expect(checkTokenIds(ids, size, 'prompt[1]')).toEqual({ code: 'invalid_request', param: 'prompt[1]', message: expect.stringContaining(`token id ${ids.at(-1)}`) });
  });
});
