import type { ChatMessage } from '@switchyard/openai';
import type { AnthropicMessage } from './anthropic-messages-request';
import { convertMessages } from './convert-messages';

const text = (t: string) => ({ type: 'text' as const, text: t });
const user = (...content: AnthropicMessage['content']): AnthropicMessage => ({ role: 'user', content });
const assistant = (...content: AnthropicMessage['content']): AnthropicMessage => ({ role: 'assistant', content });
const call = (id: string, name: string, args: string) => ({ id, type: 'function' as const, function: { name, arguments: args } });

describe('convertMessages', () => {
  it.each<[string, ChatMessage[], string | undefined, AnthropicMessage[]]>([
    ['a user string', [{ role: 'user', content: 'Hi' }], undefined, [user(text('Hi'))]],
    ['a system prompt', [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], 'Be brief.', [user(text('Hi'))]],
    ['a developer message as system text', [{ role: 'developer', content: 'Answer in French.' }, { role: 'user', content: 'Hi' }], 'Answer in French.', [user(text('Hi'))]],
    [
      'system and developer messages joined by a blank line',
      [{ role: 'system', content: 'S1' }, { role: 'developer', content: 'D1' }, { role: 'user', content: 'Hi' }],
      'S1\n\nD1',
      [user(text('Hi'))],
    ],
    [
      'system text parts joined by a line break',
      [{ role: 'system', content: [text('a'), text('b')] }, { role: 'user', content: 'Hi' }],
      'a\nb',
      [user(text('Hi'))],
    ],
    [
      'a system message mid-conversation moved to the top',
      [{ role: 'user', content: 'U1' }, { role: 'assistant', content: 'A1' }, { role: 'system', content: 'Now be terse.' }, { role: 'user', content: 'U2' }],
      'Now be terse.',
      [user(text('U1')), assistant(text('A1')), user(text('U2'))],
    ],
    ['a blank system message left out', [{ role: 'system', content: '  ' }, { role: 'user', content: 'Hi' }], undefined, [user(text('Hi'))]],
    [
      'an assistant turn’s thinking blocks first, as they came',
      [
        { role: 'user', content: 'U1' },
        { role: 'assistant', content: 'A1', thinking_blocks: [{ type: 'thinking', thinking: 'T', signature: 'S==' }, { type: 'redacted_thinking', data: 'R==' }] },
        { role: 'user', content: 'U2' },
      ],
      undefined,
      [user(text('U1')), { role: 'assistant', content: [{ type: 'thinking', thinking: 'T', signature: 'S==' }, { type: 'redacted_thinking', data: 'R==' }, text('A1')] }, user(text('U2'))],
    ],
    [
      'a multi-turn conversation in order',
      [{ role: 'user', content: 'U1' }, { role: 'assistant', content: 'A1' }, { role: 'user', content: 'U2' }],
      undefined,
      [user(text('U1')), assistant(text('A1')), user(text('U2'))],
    ],
    [
      'consecutive user messages merged into one turn',
      [{ role: 'user', content: 'one' }, { role: 'user', content: 'two' }, { role: 'assistant', content: 'A' }],
      undefined,
      [user(text('one'), text('two')), assistant(text('A'))],
    ],
    [
      'consecutive assistant messages merged into one turn',
      [{ role: 'user', content: 'U' }, { role: 'assistant', content: 'A1' }, { role: 'assistant', content: 'A2' }],
      undefined,
      [user(text('U')), assistant(text('A1'), text('A2'))],
    ],
    [
      'user turns around a system message merged',
      [{ role: 'user', content: 'U1' }, { role: 'system', content: 'S' }, { role: 'user', content: 'U2' }],
      'S',
      [user(text('U1'), text('U2'))],
    ],
    ['a leading assistant message kept as it is', [{ role: 'assistant', content: 'Hello! How can I help?' }, { role: 'user', content: 'Hi' }], undefined, [assistant(text('Hello! How can I help?')), user(text('Hi'))]],
    [
      'user text and image parts',
      [
        {
          role: 'user',
          content: [
            text('What is this?'),
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
          ],
        },
      ],
      undefined,
      [
        user(
          text('What is this?'),
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
        ),
      ],
    ],
    [
      'blank text left out, and a message left empty adds nothing',
      [{ role: 'user', content: 'U1' }, { role: 'assistant', content: '' }, { role: 'user', content: [text(' '), text('U2')] }],
      undefined,
      [user(text('U1'), text('U2'))],
    ],
    [
      'assistant text and refusal parts',
      [{ role: 'user', content: 'U' }, { role: 'assistant', content: [text('No.'), { type: 'refusal', refusal: 'I cannot help with that.' }] }],
      undefined,
      [user(text('U')), assistant(text('No.'), text('I cannot help with that.'))],
    ],
    [
      'an assistant refusal field',
      [{ role: 'user', content: 'U' }, { role: 'assistant', refusal: 'I cannot help with that.' }],
      undefined,
      [user(text('U')), assistant(text('I cannot help with that.'))],
    ],
    [
      'assistant tool calls as tool_use blocks, after the text',
      [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        { role: 'assistant', content: 'Let me check.', tool_calls: [call('call_1', 'get_weather', '{"city":"Paris"}'), call('call_2', 'get_weather', '{"city":"Rome"}')] },
      ],
      undefined,
      [
        user(text('Weather in Paris and Rome?')),
        assistant(
          text('Let me check.'),
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
        ),
      ],
    ],
    [
      'a tool call without arguments',
      [{ role: 'user', content: 'Time?' }, { role: 'assistant', tool_calls: [call('call_1', 'now', '')] }],
      undefined,
      [user(text('Time?')), assistant({ type: 'tool_use', id: 'call_1', name: 'now', input: {} })],
    ],
    [
      'tool results merged into one user turn, followed by user text',
      [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        { role: 'assistant', tool_calls: [call('call_1', 'get_weather', '{"city":"Paris"}'), call('call_2', 'get_weather', '{"city":"Rome"}')] },
        { role: 'tool', tool_call_id: 'call_1', content: '18°C, sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: [text('22°C'), text('cloudy')] },
        { role: 'user', content: 'And tomorrow?' },
      ],
      undefined,
      [
        user(text('Weather in Paris and Rome?')),
        assistant(
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
        ),
        user(
          { type: 'tool_result', tool_use_id: 'call_1', content: '18°C, sunny' },
          { type: 'tool_result', tool_use_id: 'call_2', content: [text('22°C'), text('cloudy')] },
          text('And tomorrow?'),
        ),
      ],
    ],
    [
      'an empty tool result kept (the call must be answered)',
      [
        { role: 'user', content: 'Go' },
        { role: 'assistant', tool_calls: [call('call_1', 'ping', '{}')] },
        { role: 'tool', tool_call_id: 'call_1', content: '' },
      ],
      undefined,
      [user(text('Go')), assistant({ type: 'tool_use', id: 'call_1', name: 'ping', input: {} }), user({ type: 'tool_result', tool_use_id: 'call_1', content: '' })],
    ],
    ['names ignored', [{ role: 'user', content: 'Hi', name: 'ann' }], undefined, [user(text('Hi'))]],
  ])('converts %s', (_name, messages, system, expected) => {
    expect(convertMessages(messages)).toEqual({ ok: true, system, messages: expected });
  });

  it.each<[string, ChatMessage[], string, string]>([
    ['an audio part', [{ role: 'user', content: [text('hear'), { type: 'input_audio', input_audio: { data: 'AA==', format: 'wav' } }] }], 'unsupported_parameter', 'messages[0].content[1]'],
    ['a file part', [{ role: 'user', content: 'x' }, { role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }], 'unsupported_parameter', 'messages[1].content[0]'],
    ['an unsupported image', [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/svg+xml;base64,PHN2Zz4=' } }] }], 'unsupported_parameter', 'messages[0].content[0]'],
    ['a function message', [{ role: 'user', content: 'x' }, { role: 'function', name: 'f', content: 'r' }], 'unsupported_parameter', 'messages[1].role'],
    ['an assistant function_call', [{ role: 'user', content: 'x' }, { role: 'assistant', function_call: { name: 'f', arguments: '{}' } }], 'unsupported_parameter', 'messages[1].function_call'],
    ['assistant audio', [{ role: 'user', content: 'x' }, { role: 'assistant', audio: { id: 'audio_1' } }], 'unsupported_parameter', 'messages[1].audio'],
    [
      'unparseable tool arguments',
      [{ role: 'user', content: 'x' }, { role: 'assistant', tool_calls: [call('c1', 'f', '{}'), call('c2', 'f', '{"a":')] }],
      'invalid_request',
      'messages[1].tool_calls[1].function.arguments',
    ],
    ['only system messages', [{ role: 'system', content: 'S' }], 'invalid_request', 'messages'],
    ['only blank messages', [{ role: 'user', content: '' }], 'invalid_request', 'messages'],
  ])('refuses %s with its path', (_name, messages, code, param) => {
    expect(convertMessages(messages)).toEqual({ ok: false, error: { type: 'error', code, param, retryable: false, message: expect.stringContaining(`'${param}'`) } });
  });
});
