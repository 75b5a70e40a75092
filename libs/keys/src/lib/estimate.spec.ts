import { estimateRequestTokens } from './estimate';

describe('estimateRequestTokens', () => {
  it.each<[string, unknown, number]>([
    ['a chat: the prompt and its cap', { model: 'x', messages: [{ role: 'user', content: 'a'.repeat(40) }], max_tokens: 10 }, 11 + 10],
    ['a chat without a cap: the default completion', { model: 'x', messages: [{ role: 'user', content: 'abcd' }] }, 2 + 256],
    ['embeddings: the input only', { model: 'e', input: 'a'.repeat(16) }, 4],
    ['a body that is not an object', 'hello', 0],
  ])('reserves %s', (_name, body, expected) => {
    expect(estimateRequestTokens(body, 256)).toBe(expected);
  });
});
