import type { ChatCompletionRequest } from '@switchyard/openai';
import { estimatePromptTokens, expectedCompletionTokens } from './prompt-size';

type Message = ChatCompletionRequest['messages'][number];

const request = (messages: Message[], extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({ model: 'auto', messages, ...extra });
const user = (content: string): Message => ({ role: 'user', content });

/** 103 characters of JSON. */
const TOOL_CALLS = [{ id: 'call_1', type: 'function' as const, function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }];
/** 126 characters of JSON. */
const TOOLS: ChatCompletionRequest['tools'] = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
];

describe('estimatePromptTokens', () => {
  it.each<[string, ChatCompletionRequest, number]>([
    ['four characters a token, plus four per message', request([user('hello world!')]), 3 + 4],
    ['a part-token rounded up', request([user('a')]), 1 + 4],
    ['an empty message: its template tokens only', request([user('')]), 4],
    ['an assistant refusal', request([{ role: 'assistant', refusal: 'I cannot help.' }]), 4 + 4],
    [
      'a legacy function call (its JSON)',
      request([{ role: 'assistant', function_call: { name: 'f', arguments: '{}' } }]),
      Math.ceil(JSON.stringify({ name: 'f', arguments: '{}' }).length / 4) + 4,
    ],
    [
      'a JSON schema response format',
      request([user('')], { response_format: { type: 'json_schema', json_schema: { name: 's', schema: { type: 'object' } } } }),
      Math.ceil(JSON.stringify({ name: 's', schema: { type: 'object' } }).length / 4) + 4,
    ],
    ['the characters of every message together', request([{ role: 'system', content: 'You are terse.' }, user('Hi')]), Math.ceil(16 / 4) + 8],
    ['a long prompt', request([user('x'.repeat(10_000))]), 2_500 + 4],
    [
      'the text parts of a message, not its images',
      request([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'abcd' },
            { type: 'image_url', image_url: { url: 'https://example.com/a-very-long-image-address.png' } },
            { type: 'text', text: 'efgh' },
          ],
        },
      ]),
      2 + 4,
    ],
    ['refusal parts', request([user('Hi'), { role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot do that' }] }]), Math.ceil(18 / 4) + 8],
    [
      'tool calls and tool results',
      request([user('Weather in Oslo?'), { role: 'assistant', tool_calls: TOOL_CALLS }, { role: 'tool', tool_call_id: 'call_1', content: '{"temp":3}' }]),
      Math.ceil((16 + 103 + 10) / 4) + 12,
    ],
    ['tool definitions', request([user('Hi')], { tools: TOOLS }), Math.ceil((2 + 126) / 4) + 4],
    ['legacy function definitions', request([user('Hi')], { functions: [{ name: 'get_weather' }] }), Math.ceil((2 + 24) / 4) + 4],
  ])('counts %s', (_name, body, tokens) => {
    expect(estimatePromptTokens(body)).toBe(tokens);
  });
});

describe('expectedCompletionTokens', () => {
  it.each<[string, Partial<ChatCompletionRequest>, number]>([
    ['the fallback when the request sets no cap', {}, 256],
    ['max_tokens', { max_tokens: 50 }, 50],
    ['max_completion_tokens', { max_completion_tokens: 70 }, 70],
    ['max_completion_tokens over max_tokens', { max_completion_tokens: 70, max_tokens: 50 }, 70],
    ['max_tokens when max_completion_tokens is not set', { max_completion_tokens: undefined, max_tokens: 50 }, 50],
    ['the fallback when neither is set', { max_completion_tokens: undefined, max_tokens: undefined }, 256],
  ])('takes %s', (_name, extra, tokens) => {
    expect(expectedCompletionTokens(request([user('Hi')], extra), 256)).toBe(tokens);
  });
});
