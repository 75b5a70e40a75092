import { estimateCompletionTokens, estimatePromptTokens } from './token-estimate';

const user = (content: unknown): Record<string, unknown> => ({ role: 'user', content });

describe('estimatePromptTokens', () => {
  // Every string of the prompt counts (roles and part types too: they stand in for the chat template).
  it.each<[string, unknown, number]>([
    ['a chat: characters / 4, the role included', { model: 'x', messages: [user('a'.repeat(40))] }, 11],
    ['text parts and their types', { messages: [user([{ type: 'text', text: 'abcdefgh' }])] }, Math.ceil((4 + 4 + 8) / 4)],
    ['an inline image as 85 tokens, not its base64 size', { messages: [user([{ type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(100_000)}` } }])] }, Math.ceil((4 + 9 + 85 * 4) / 4)],
    ['tool calls and tool results', { messages: [{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c', content: 'ok' }] }, Math.ceil((9 + 1 + 8 + 1 + 2 + 4 + 1 + 2) / 4)],
    ['tool and function definitions', { messages: [], tools: [{ type: 'function', function: { name: 'abcdefgh' } }], functions: [{ name: 'abcd' }] }, Math.ceil((8 + 8 + 4) / 4)],
    ['a JSON schema response format', { messages: [], response_format: { type: 'json_schema', json_schema: { name: 's', schema: { type: 'object' } } } }, Math.ceil((1 + 6) / 4)],
    ['a text completion prompt', { model: 'x', prompt: 'a'.repeat(8) }, 2],
    ['several prompts', { model: 'x', prompt: ['abcd', 'abcd'] }, 2],
    ['embeddings input', { model: 'e', input: 'a'.repeat(16) }, 4],
    ['a token-array prompt: one token per number', { model: 'e', input: [1, 2, 3, 4] }, 4],
    ['not an object', 'hello', 0],
    ['null', null, 0],
  ])('%s', (_name, body, expected) => {
    expect(estimatePromptTokens(body)).toBe(expected);
  });
});

describe('estimateCompletionTokens', () => {
  const FALLBACK = 256;
  it.each<[string, unknown, number]>([
    ['a chat without a cap: the fallback', { messages: [user('Hi')] }, FALLBACK],
    ['max_tokens', { messages: [], max_tokens: 10 }, 10],
    ['max_completion_tokens first', { messages: [], max_completion_tokens: 7, max_tokens: 100 }, 7],
    ['max_output_tokens', { messages: [], max_output_tokens: 9 }, 9],
    ['times n', { messages: [], max_tokens: 10, n: 3 }, 30],
    ['a text completion without a cap: OpenAI’s 16', { prompt: 'Once' }, 16],
    ['best_of when it exceeds n, for every prompt', { prompt: ['a', 'b'], max_tokens: 5, n: 2, best_of: 3 }, 5 * 3 * 2],
    ['a token-list prompt is one prompt', { prompt: [1, 2, 3], max_tokens: 4 }, 4],
    ['embeddings: none', { input: 'x' }, 0],
    ['a bad max_tokens ignored', { messages: [], max_tokens: -5 }, FALLBACK],
    ['n capped at 128', { messages: [], max_tokens: 1, n: 10_000 }, 128],
    ['not an object', [], 0],
  ])('%s', (_name, body, expected) => {
    expect(estimateCompletionTokens(body, FALLBACK)).toBe(expected);
  });
});
