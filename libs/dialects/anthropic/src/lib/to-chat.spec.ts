import { ChatCompletionRequestSchema, validate } from '@switchyard/openai';
import { MessagesRequestSchema, type MessagesRequest } from './messages-request.schema';
import { messagesToChat } from './to-chat';

const base = { model: 'auto', max_tokens: 64 };

function translate(body: Record<string, unknown>): Record<string, unknown> {
  const request = MessagesRequestSchema.parse({ ...base, ...body }) as MessagesRequest;
  const result = messagesToChat(request);
  if (!result.ok) throw new Error(result.message);
  // Whatever the translation builds must be a chat request the gateway accepts.
  const chat = validate(ChatCompletionRequestSchema, result.body);
  if (!chat.ok) throw new Error(`not a valid chat request: ${chat.problem.message}`);
  return result.body;
}

describe('messagesToChat', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'a string system prompt and a string turn',
      { system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }] },
      { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] },
    ],
    [
      'system blocks joined, text and image blocks as parts',
      {
        system: [{ type: 'text', text: 'One.' }, { type: 'text', text: 'Two.', cache_control: { type: 'ephemeral' } }],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
              { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
            ],
          },
        ],
      },
      {
        messages: [
          { role: 'system', content: 'One.\n\nTwo.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            ],
          },
        ],
      },
    ],
    [
      'a tool round trip: tool_use as tool_calls, tool_result as a tool message before the rest of the turn; thinking left out',
      {
        messages: [
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'Use the tool.', signature: 'sig' },
              { type: 'text', text: 'Let me look.' },
              { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
            ],
          },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'sunny' }] }, { type: 'text', text: 'And tomorrow?' }] },
        ],
      },
      {
        messages: [
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', content: 'Let me look.', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
          { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny' },
          { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
        ],
      },
    ],
    [
      'tools, tool_choice any without parallel calls, sampling, stops, user, stream',
      {
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [{ name: 'f', description: 'does f', input_schema: { type: 'object', properties: {} } }],
        tool_choice: { type: 'any', disable_parallel_tool_use: true },
        temperature: 0.5,
        top_p: 0.9,
        top_k: 40,
        stop_sequences: ['END'],
        metadata: { user_id: 'u-1' },
        stream: true,
      },
      {
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [{ type: 'function', function: { name: 'f', description: 'does f', parameters: { type: 'object', properties: {} } } }],
        tool_choice: 'required',
        parallel_tool_calls: false,
        temperature: 0.5,
        top_p: 0.9,
        top_k: 40,
        stop: ['END'],
        user: 'u-1',
        stream: true,
      },
    ],
    [
      'tool_choice naming a tool',
      { messages: [{ role: 'user', content: 'Hi' }], tools: [{ name: 'f', input_schema: { type: 'object' } }], tool_choice: { type: 'tool', name: 'f' } },
      {
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
        tool_choice: { type: 'function', function: { name: 'f' } },
      },
    ],
  ])('%s', (_name, body, expected) => {
    expect(translate(body)).toEqual({ ...base, ...expected });
  });

  it.each<[string, Record<string, unknown>, RegExp, string]>([
    ['a hosted tool', { tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, /web_search_20250305/, 'tools'],
    ['more stop sequences than a chat completion takes', { stop_sequences: ['a', 'b', 'c', 'd', 'e'] }, /At most 4 stop sequences/, 'stop_sequences'],
  ])('refuses %s, naming the parameter', (_name, body, message, param) => {
    const request = MessagesRequestSchema.parse({ ...base, messages: [{ role: 'user', content: 'Hi' }], ...body }) as MessagesRequest;
    expect(messagesToChat(request)).toEqual({ ok: false, message: expect.stringMatching(message), param });
  });

  it.each<[string, Record<string, unknown>]>([
    ['no max_tokens', { model: 'auto', messages: [{ role: 'user', content: 'Hi' }] }],
    ['no messages', { ...base, messages: [] }],
    ['a role Anthropic has not', { ...base, messages: [{ role: 'system', content: 'Hi' }] }],
    ['an unknown block', { ...base, messages: [{ role: 'user', content: [{ type: 'video' }] }] }],
    ['temperature above 1', { ...base, temperature: 1.5, messages: [{ role: 'user', content: 'Hi' }] }],
    ['thinking with too small a budget', { ...base, thinking: { type: 'enabled', budget_tokens: 10 }, messages: [{ role: 'user', content: 'Hi' }] }],
  ])('the schema refuses %s', (_name, body) => {
    expect(MessagesRequestSchema.safeParse(body).success).toBe(false);
  });
});
