import { ChatCompletionRequestSchema, validate } from '@switchyard/openai';
import { ResponsesRequestSchema, type ResponsesRequest } from './responses-request.schema';
import { responsesToChat } from './to-chat';

function translate(body: Record<string, unknown>): Record<string, unknown> {
  const result = responsesToChat(ResponsesRequestSchema.parse({ model: 'auto', ...body }) as ResponsesRequest);
  if (!result.ok) throw new Error(result.message);
  const chat = validate(ChatCompletionRequestSchema, result.body);
  if (!chat.ok) throw new Error(`not a valid chat request: ${chat.problem.message}`);
  return result.body;
}

describe('responsesToChat', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a string input with instructions', { input: 'Hi', instructions: 'Be brief.' }, { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] }],
    [
      'message items with text and image parts, and a developer message',
      {
        input: [
          { role: 'developer', content: 'Use French.' },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' }] },
          { role: 'assistant', content: [{ type: 'output_text', text: 'Un chat.', annotations: [] }] },
        ],
      },
      {
        messages: [
          { role: 'developer', content: 'Use French.' },
          { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } }] },
          { role: 'assistant', content: 'Un chat.' },
        ],
      },
    ],
    [
      'a function call round trip, reasoning left out, parallel calls in one assistant turn',
      {
        input: [
          { role: 'user', content: 'Weather and time?' },
          { type: 'reasoning', id: 'rs_1', summary: [] },
          { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'function_call', call_id: 'call_2', name: 'get_time', arguments: '{}' },
          { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
          { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: '12:00' }] },
        ],
      },
      {
        messages: [
          { role: 'user', content: 'Weather and time?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
          { role: 'tool', tool_call_id: 'call_2', content: '12:00' },
        ],
      },
    ],
    [
      'reasoning this gateway rendered as the thinking blocks of the assistant turn after it; another’s left out',
      {
        input: [
          { role: 'user', content: 'Weather?' },
          { type: 'reasoning', id: 'rs_1', summary: [], content: [{ type: 'reasoning_text', text: 'Use the tool.' }], encrypted_content: 'sy.thinking.v1:SIG==' },
          { type: 'reasoning', id: 'rs_2', summary: [], encrypted_content: 'sy.redacted.v1:DATA==' },
          { type: 'reasoning', id: 'rs_3', summary: [], encrypted_content: 'gAAAAB-openai-own' },
          { role: 'assistant', content: 'Let me look.' },
          { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{}' },
          { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
          { type: 'reasoning', id: 'rs_4', summary: [], encrypted_content: 'sy.thinking.v1:LOST==' },
          { role: 'user', content: 'Thanks' },
        ],
      },
      {
        messages: [
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            content: 'Let me look.',
            thinking_blocks: [
              { type: 'thinking', thinking: 'Use the tool.', signature: 'SIG==' },
              { type: 'redacted_thinking', data: 'DATA==' },
            ],
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
          { role: 'user', content: 'Thanks' },
        ],
      },
    ],
    [
      'function tools, tool choice, text.format json_schema, limits and sampling, reasoning effort, stream',
      {
        input: 'Hi',
        tools: [{ type: 'function', name: 'f', description: 'does f', parameters: { type: 'object' }, strict: true }],
        tool_choice: { type: 'function', name: 'f' },
        parallel_tool_calls: false,
        text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
        max_output_tokens: 64,
        temperature: 0.2,
        top_p: 0.9,
        metadata: { team: 'a' },
        user: 'u-1',
        reasoning: { effort: 'low' },
        stream: true,
      },
      {
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [{ type: 'function', function: { name: 'f', description: 'does f', parameters: { type: 'object' }, strict: true } }],
        tool_choice: { type: 'function', function: { name: 'f' } },
        parallel_tool_calls: false,
        response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } },
        max_tokens: 64,
        temperature: 0.2,
        top_p: 0.9,
        metadata: { team: 'a' },
        user: 'u-1',
        reasoning_effort: 'low',
        stream: true,
      },
    ],
    ['text.format json_object', { input: 'Hi', text: { format: { type: 'json_object' } } }, { messages: [{ role: 'user', content: 'Hi' }], response_format: { type: 'json_object' } }],
  ])('%s', (_name, body, expected) => {
    expect(translate(body)).toEqual({ model: 'auto', ...expected });
  });

  it.each<[string, Record<string, unknown>, RegExp, string]>([
    ['a hosted tool', { input: 'Hi', tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] }, /file_search/, 'tools[0].type'],
    ['a hosted tool choice', { input: 'Hi', tool_choice: { type: 'web_search_preview' } }, /web_search_preview/, 'tool_choice'],
    ['an item reference (needs stored items)', { input: [{ type: 'item_reference', id: 'msg_1' }] }, /item_reference/, 'input[0].type'],
    ['an image by file id', { input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }] }] }, /file_id/, 'input[0].content[0]'],
    ['a message with a role it cannot have', { input: [{ role: 'tool', content: 'x' }] }, /input\[0\]/, 'input[0].role'],
  ])('refuses %s, naming the parameter', (_name, body, message, param) => {
    const request = ResponsesRequestSchema.parse({ model: 'auto', ...body }) as ResponsesRequest;
    expect(responsesToChat(request)).toEqual({ ok: false, message: expect.stringMatching(message), param });
  });
});
