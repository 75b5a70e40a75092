import { backendId, displayModel, parseModelRef, type ModelRef } from './model-ref';

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
  ])('shows %s with the backend that served it', (_name, ref, expected) => {
    expect(displayModel(ref, 'local:stories260k')).toBe(expected);
  });
});
