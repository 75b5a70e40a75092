import type { FinishPart, StreamPart } from '@switchyard/contracts';
import { convertMessagesResponse } from './convert-messages-response';

/** A response as Anthropic sends it, with `overrides` applied. */
function message(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5-20250929',
    content: [{ type: 'text', text: 'Hello!' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 6, service_tier: 'standard' },
    ...overrides,
  };
}

const usage = { type: 'usage', promptTokens: 12, completionTokens: 6, cachedPromptTokens: 0, cacheWritePromptTokens: 0 } as const;

describe('convertMessagesResponse', () => {
  it.each<[string, Record<string, unknown>, StreamPart[]]>([
    ['a text answer', message({}), [{ type: 'delta', index: 0, text: 'Hello!' }, { type: 'finish', index: 0, reason: 'stop' }, usage]],
    [
      'several text blocks (citations) concatenated',
      message({ content: [{ type: 'text', text: 'The sky is ' }, { type: 'text', text: 'blue', citations: [{ type: 'char_location', cited_text: 'blue' }] }, { type: 'text', text: '.' }] }),
      [{ type: 'delta', index: 0, text: 'The sky is blue.' }, { type: 'finish', index: 0, reason: 'stop' }, usage],
    ],
    [
      'text then tool calls',
      message({
        content: [
          { type: 'text', text: 'Let me check both.' },
          { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { city: 'Paris', unit: 'celsius' } },
          { type: 'tool_use', id: 'toolu_01B19q90qw90lq917835lq8', name: 'get_time', input: {} },
        ],
        stop_reason: 'tool_use',
      }),
      [
        {
          type: 'delta',
          index: 0,
          text: 'Let me check both.',
          toolCalls: [
            { index: 0, id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
            { index: 1, id: 'toolu_01B19q90qw90lq917835lq8', name: 'get_time', arguments: '{}' },
          ],
        },
        { type: 'finish', index: 0, reason: 'tool_calls' },
        usage,
      ],
    ],
    [
      'a thinking block as thinking with its signature, redacted thinking as its data',
      message({ content: [{ type: 'thinking', thinking: 'Let me think…', signature: 'EqQBCgIYAhIM' }, { type: 'redacted_thinking', data: 'EmwKAhgB' }, { type: 'text', text: '42' }] }),
      [
        { type: 'delta', index: 0, text: '', thinking: 'Let me think…', signature: 'EqQBCgIYAhIM' },
        { type: 'delta', index: 0, text: '', redactedThinking: 'EmwKAhgB' },
        { type: 'delta', index: 0, text: '42' },
        { type: 'finish', index: 0, reason: 'stop' },
        usage,
      ],
    ],
    ['no content', message({ content: [] }), [{ type: 'delta', index: 0, text: '' }, { type: 'finish', index: 0, reason: 'stop' }, usage]],
    [
      'cache reads and writes',
      message({ usage: { input_tokens: 21, cache_creation_input_tokens: 188, cache_read_input_tokens: 2048, output_tokens: 393 } }),
      [
        { type: 'delta', index: 0, text: 'Hello!' },
        { type: 'finish', index: 0, reason: 'stop' },
        { type: 'usage', promptTokens: 2257, completionTokens: 393, cachedPromptTokens: 2048, cacheWritePromptTokens: 188 },
      ],
    ],
    [
      'usage without cache fields',
      message({ usage: { input_tokens: 9, output_tokens: 3 } }),
      [{ type: 'delta', index: 0, text: 'Hello!' }, { type: 'finish', index: 0, reason: 'stop' }, { type: 'usage', promptTokens: 9, completionTokens: 3 }],
    ],
  ])('converts %s', (_name, json, parts) => {
    expect(convertMessagesResponse(json)).toEqual(parts);
  });

  it.each<[string | null, FinishPart['reason']]>([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool_calls'],
    ['pause_turn', 'stop'],
    ['refusal', 'content_filter'],
    ['model_context_window_exceeded', 'length'],
    [null, 'stop'],
  ])('finishes a %s message with %s', (stopReason, reason) => {
    expect(convertMessagesResponse(message({ stop_reason: stopReason }))[1]).toEqual({ type: 'finish', index: 0, reason });
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'Hello!'],
    ['an error body', { type: 'error', error: { type: 'api_error', message: 'Internal server error' } }],
    ['no content', message({ content: undefined })],
    ['no usage', message({ usage: undefined })],
    ['negative token counts', message({ usage: { input_tokens: -1, output_tokens: 2 } })],
    ['a text block without text', message({ content: [{ type: 'text' }] })],
    ['a tool_use block without input', message({ content: [{ type: 'tool_use', id: 'toolu_1', name: 'f' }] })],
  ])('answers %s with a retryable upstream error', (_name, json) => {
    expect(convertMessagesResponse(json)).toEqual([
      { type: 'error', code: 'upstream_error', param: null, retryable: true, message: expect.stringContaining('anthropic sent a malformed response') },
    ]);
  });
});
