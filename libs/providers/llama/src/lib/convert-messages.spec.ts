import type { ChatMessage } from '@switchyard/openai';
import { convertMessages } from './convert-messages';
import type { LlamaHistoryItem } from './llama-generation-input';

describe('convertMessages', () => {
  it.each<[string, ChatMessage[], LlamaHistoryItem[]]>([
    ['a user string', [{ role: 'user', content: 'Hi' }], [{ type: 'user', text: 'Hi' }]],
    ['a system message', [{ role: 'system', content: 'Be brief.' }], [{ type: 'system', text: 'Be brief.' }]],
    ['a developer message as system text', [{ role: 'developer', content: 'Be brief.' }], [{ type: 'system', text: 'Be brief.' }]],
    [
      'user text parts joined by a line break',
      [{ role: 'user', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] }],
      [{ type: 'user', text: 'one\ntwo' }],
    ],
    ['system text parts', [{ role: 'system', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }], [{ type: 'system', text: 'a\nb' }]],
    ['an assistant string', [{ role: 'assistant', content: 'Hello!' }], [{ type: 'model', response: ['Hello!'] }]],
    ['an assistant with no content', [{ role: 'assistant' }], [{ type: 'model', response: [] }]],
    ['an assistant without content', [{ role: 'assistant' }], [{ type: 'model', response: [] }]],
    [
      'assistant text and refusal parts',
      [{ role: 'assistant', content: [{ type: 'text', text: 'No' }, { type: 'refusal', refusal: 'I cannot.' }] }],
      [{ type: 'model', response: ['No\nI cannot.'] }],
    ],
    ['an empty tool_calls list', [{ role: 'assistant', content: 'x', tool_calls: [] }], [{ type: 'model', response: ['x'] }]],
    ['a named user (name is metadata)', [{ role: 'user', content: 'Hi', name: 'ann' }], [{ type: 'user', text: 'Hi' }]],
    [
      'a whole conversation in order',
      [
        { role: 'system', content: 'S' },
        { role: 'user', content: 'U1' },
        { role: 'assistant', content: 'A1' },
        { role: 'user', content: 'U2' },
      ],
      [
        { type: 'system', text: 'S' },
        { type: 'user', text: 'U1' },
        { type: 'model', response: ['A1'] },
        { type: 'user', text: 'U2' },
      ],
    ],
    [
      'tool calls with the results their tool messages gave (a call without one has none)',
      [
        { role: 'user', content: 'Weather and time?' },
        {
          role: 'assistant',
          content: 'Let me look.',
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'c2', type: 'function', function: { name: 'get_time', arguments: '' } },
          ],
        },
        { role: 'tool', content: 'sunny', tool_call_id: 'c1' },
        { role: 'user', content: 'Thanks' },
      ],
      [
        { type: 'user', text: 'Weather and time?' },
        {
          type: 'model',
          response: [
            'Let me look.',
            { type: 'functionCall', name: 'get_weather', params: { city: 'Paris' }, result: 'sunny' },
            { type: 'functionCall', name: 'get_time', params: {}, result: null },
          ],
        },
        { type: 'user', text: 'Thanks' },
      ],
    ],
  ])('converts %s', (_name, messages, history) => {
    expect(convertMessages(messages)).toEqual({ ok: true, history });
  });

  it.each<[string, ChatMessage[], string]>([
    ['an image part', [{ role: 'user', content: 'x' }, { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }], 'messages[1].content[0]'],
    ['an audio part', [{ role: 'user', content: [{ type: 'text', text: 'hear' }, { type: 'input_audio', input_audio: { data: 'AA==', format: 'wav' } }] }], 'messages[0].content[1]'],
    ['a file part', [{ role: 'user', content: [{ type: 'file', file: { file_id: 'f1' } }] }], 'messages[0].content[0]'],
    ['a function message', [{ role: 'function', content: 'result', name: 'f' }], 'messages[0].role'],
    ['an assistant function_call', [{ role: 'assistant', function_call: { name: 'f', arguments: '{}' } }], 'messages[0].function_call'],
    ['assistant audio', [{ role: 'assistant', audio: { id: 'a1' } }], 'messages[0].audio'],
  ])('refuses %s with its path', (_name, messages, param) => {
    const result = convertMessages(messages);
    expect(result).toEqual({ ok: false, error: { code: 'unsupported_parameter', param, message: expect.stringContaining(param) } });
  });

  it.each<[string, ChatMessage[], string]>([
    ['a tool message that answers no call made before it', [{ role: 'user', content: 'x' }, { role: 'tool', content: 'result', tool_call_id: 'c1' }], 'messages[1].tool_call_id'],
    ['tool call arguments that are not JSON', [{ role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{city' } }] }], 'messages[0].tool_calls[0].function.arguments'],
  ])('refuses %s as invalid, with its path', (_name, messages, param) => {
    expect(convertMessages(messages)).toEqual({ ok: false, error: { code: 'invalid_request', param, message: expect.stringContaining(param) } });
  });
});
