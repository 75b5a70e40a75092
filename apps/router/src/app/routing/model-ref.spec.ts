import { backendId, displayModel, parseModelRef, preferenceOf, type ModelRef } from './model-ref';

describe('parseModelRef', () => {
  it.each<[string, ModelRef]>([
    ['auto', { kind: 'auto' }],
    ['AUTO', { kind: 'auto' }],
    [' Auto ', { kind: 'auto' }],
    ['local:stories260k', { kind: 'pinned', provider: 'local', name: 'stories260k' }],
    ['openai:gpt-4o-mini', { kind: 'pinned', provider: 'openai', name: 'gpt-4o-mini' }],
    ['OpenAI:GPT-4o', { kind: 'pinned', provider: 'openai', name: 'GPT-4o' }],
    ['ollama:llama3:8b', { kind: 'pinned', provider: 'ollama', name: 'llama3:8b' }],
    [' local:tiny ', { kind: 'pinned', provider: 'local', name: 'tiny' }],
    ['gpt-4o-mini', { kind: 'bare', name: 'gpt-4o-mini' }],
    ['stories260k', { kind: 'bare', name: 'stories260k' }],
    ['autopilot', { kind: 'bare', name: 'autopilot' }],
    [':tiny', { kind: 'bare', name: ':tiny' }],
    ['local:', { kind: 'bare', name: 'local:' }],
  ])('reads %j', (model, expected) => {
    expect(parseModelRef(model)).toEqual(expected);
  });

  it('reads a configured alias as its ordered backends, case-sensitively, never from inherited names', () => {
    const aliases = { fast: ['local:tiny', 'gpt-4o-mini'] };
    expect(parseModelRef('fast', aliases)).toEqual({
      kind: 'alias',
      name: 'fast',
      targets: [
        { kind: 'pinned', provider: 'local', name: 'tiny' },
        { kind: 'bare', name: 'gpt-4o-mini' },
      ],
    });
    expect(parseModelRef('Fast', aliases)).toEqual({ kind: 'bare', name: 'Fast' });
    expect(parseModelRef('toString', aliases)).toEqual({ kind: 'bare', name: 'toString' });
  });
});

describe('preferenceOf', () => {
  const alias = parseModelRef('smart', { smart: ['anthropic:claude', 'gpt-4o'] });
  it.each<[string, ModelRef, string, string, number]>([
    ['auto matches everything', { kind: 'auto' }, 'local', 'tiny', 0],
    ['an alias ranks by its list', alias, 'anthropic', 'claude', 0],
    ['a bare alias entry matches any provider', alias, 'azure', 'gpt-4o', 1],
    ['an alias leaves out the rest', alias, 'openai', 'claude', -1],
    ['a pinned ref matches its provider only', parseModelRef('openai:x'), 'azure', 'x', -1],
    ['a bare ref matches any provider', parseModelRef('x'), 'azure', 'x', 0],
  ])('%s', (_name, ref, provider, model, expected) => {
    expect(preferenceOf(ref, provider, model)).toBe(expected);
  });
});

describe('backendId', () => {
  it('joins provider and name with a colon', () => {
    expect(backendId('ollama', 'llama3:8b')).toBe('ollama:llama3:8b');
  });
});

describe('displayModel', () => {
  it.each<[string, ModelRef, string]>([
    ['auto', { kind: 'auto' }, 'auto (selected: local:stories260k)'],
    ['a pinned model', { kind: 'pinned', provider: 'local', name: 'stories260k' }, 'local:stories260k'],
    ['a bare model', { kind: 'bare', name: 'stories260k' }, 'local:stories260k'],
    ['an alias', { kind: 'alias', name: 'fast', targets: [] }, 'fast (selected: local:stories260k)'],
  ])('shows %s with the backend that served it', (_name, ref, expected) => {
    expect(displayModel(ref, 'local:stories260k')).toBe(expected);
  });
});
