import { choiceChunk, usageChunk, usageOf, type ChunkHeader } from './chat-response';

const header: ChunkHeader = { id: 'chatcmpl-abc', created: 1_700_000_000, model: 'local:stories260k' };

describe('usageOf', () => {
  it.each([
    [0, 0, 0],
    [12, 5, 17],
    [1_000_000, 1, 1_000_001],
  ])('counts %i prompt and %i completion tokens as %i in total', (prompt, completion, total) => {
    expect(usageOf(prompt, completion)).toEqual({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: total });
  });
});

describe('choiceChunk', () => {
  it('builds a content chunk that is still going', () => {
    expect(choiceChunk(header, 0, { content: 'Once' })).toEqual({
      id: 'chatcmpl-abc',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'local:stories260k',
      choices: [{ index: 0, delta: { content: 'Once' }, logprobs: null, finish_reason: null }],
    });
  });

  it('builds a finish chunk for another choice', () => {
    expect(choiceChunk(header, 2, {}, 'length').choices).toEqual([{ index: 2, delta: {}, logprobs: null, finish_reason: 'length' }]);
  });

  it('has no usage field, so a client that did not ask for usage never sees one', () => {
    expect(choiceChunk(header, 0, { role: 'assistant', content: '' })).not.toHaveProperty('usage');
  });
});

describe('usageChunk', () => {
  it('has no choices and carries the usage', () => {
    expect(usageChunk(header, usageOf(3, 4))).toEqual({
      id: 'chatcmpl-abc',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'local:stories260k',
      choices: [],
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    });
  });
});
