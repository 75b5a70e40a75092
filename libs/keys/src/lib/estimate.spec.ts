import { estimateRequestTokens } from './estimate';

const DEFAULT = 256;

describe('estimateRequestTokens', () => {
  // Every string of the prompt counts (roles and part types too: they stand in for the chat template).
  it.each<[string, unknown, number]>([
    ['a chat request: characters / 4 plus max_tokens', { model: 'x', messages: [{ role: 'user', content: 'a'.repeat(40) }], max_tokens: 10 }, 11 + 10],
    ['the default completion without a cap', { model: 'x', messages: [{ role: 'user', content: 'abcd' }] }, 2 + DEFAULT],
    ['max_completion_tokens first', { messages: [], max_completion_tokens: 7, max_tokens: 100 }, 7],
    ['times n', { messages: [{ role: 'user', content: 'abcd' }], max_tokens: 10, n: 3 }, 2 + 30],
    ['a text completion', { model: 'x', prompt: 'a'.repeat(8), max_tokens: 5 }, 2 + 5],
    ['embeddings: no completion', { model: 'e', input: 'a'.repeat(16) }, 4],
    ['a token-array prompt: one token per number', { model: 'e', input: [1, 2, 3, 4] }, 4],
    ['tools count towards the prompt', { messages: [], tools: [{ type: 'function', function: { name: 'abcdefgh' } }], max_tokens: 1 }, 4 + 1],
    [
      'an inline image as 85 tokens, not its base64 size',
      { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(100_000)}` } }] }], max_tokens: 1 },
      Math.ceil((4 + 9 + 85 * 4) / 4) + 1,
    ],
    ['not an object', 'hello', 0],
    ['null', null, 0],
    ['a bad max_tokens ignored', { messages: [], max_tokens: -5 }, DEFAULT],
  ])('%s', (_name, body, expected) => {
    expect(estimateRequestTokens(body, DEFAULT)).toBe(expected);
  });
});
