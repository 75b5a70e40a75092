import { localModelId, localModelName } from './model-target';

describe('localModelName', () => {
  it.each<[string, string | undefined]>([
    ['local:stories260k', 'stories260k'],
    ['stories260k', 'stories260k'],
    ['local:qwen2.5:0.5b', 'qwen2.5:0.5b'],
    ['openai:gpt-4o-mini', undefined],
    ['auto', 'auto'],
  ])('%s → %s', (target, name) => {
    expect(localModelName(target)).toBe(name);
  });

  it('builds the public id', () => {
    expect(localModelId('stories260k')).toBe('local:stories260k');
  });
});
