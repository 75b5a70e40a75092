import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamPart } from '@switchyard/contracts';
import { parseSse, SseParser, type SseEvent } from '@switchyard/sse';
import { AnthropicStreamConverter } from './anthropic-stream-converter';

function fixture(name: string): Buffer {
  return readFileSync(join(__dirname, '__fixtures__', `${name}.chunks.txt`));
}

/** Every part for `events`, then what `end()` owes, and whether `message_stop` came. */
function convert(events: readonly SseEvent[]): { parts: StreamPart[]; done: boolean } {
  const converter = new AnthropicStreamConverter();
  const parts = events.flatMap((event) => converter.push(event));
  const done = converter.done;
  return { parts: [...parts, ...converter.end()], done };
}

/** Feeds `bytes` in pieces cut at `cuts`, decoding UTF-8 across the cuts as the worker does. */
function eventsFromPieces(bytes: Buffer, cuts: readonly number[]): SseEvent[] {
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const events: SseEvent[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    events.push(...parser.push(decoder.decode(bytes.subarray(start, cut), { stream: true })));
    start = cut;
  }
  events.push(...parser.push(decoder.decode()), ...parser.end());
  return events;
}

const text = (t: string): StreamPart => ({ type: 'delta', index: 0, text: t });
const tool = (index: number, call: { id?: string; name?: string; arguments?: string }): StreamPart => ({ type: 'delta', index: 0, text: '', toolCalls: [{ index, ...call }] });

describe('AnthropicStreamConverter', () => {
  it.each<[string, StreamPart[], boolean]>([
    [
      'text',
      [
        text('Bonjour ! Il fait 18 °C'),
        text(' à Paris, ciel dégagé ☀️'),
        text('.'),
        { type: 'finish', index: 0, reason: 'stop' },
        { type: 'usage', promptTokens: 2062, completionTokens: 19, cachedPromptTokens: 2048, cacheWritePromptTokens: 0 },
      ],
      true,
    ],
    [
      'tool-call',
      [
        text('Okay'),
        text(", let's check the weather for San Francisco, CA:"),
        tool(0, { id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', arguments: '' }),
        tool(0, { arguments: '{"location":' }),
        tool(0, { arguments: ' "San' }),
        tool(0, { arguments: ' Francisc' }),
        tool(0, { arguments: 'o,' }),
        tool(0, { arguments: ' CA"' }),
        tool(0, { arguments: ', ' }),
        tool(0, { arguments: '"unit": "fah' }),
        tool(0, { arguments: 'renheit"}' }),
        { type: 'finish', index: 0, reason: 'tool_calls' },
        { type: 'usage', promptTokens: 472, completionTokens: 89 },
      ],
      true,
    ],
    [
      'parallel-tool-calls-after-thinking',
      [
        { type: 'delta', index: 0, text: '', thinking: 'The user wants the time and the weather in Tokyo; both tools can run at once.' },
        { type: 'delta', index: 0, text: '', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds7hSmn9oqMKRlAJAMfjqTbz4CgQw' },
        tool(0, { id: 'toolu_01GJ1aKbpE4vDdtjHxq1n8ZA', name: 'get_time', arguments: '' }),
        tool(0, { arguments: '{}' }),
        tool(1, { id: 'toolu_01Mf4HZ9sRbQ3Bx7oTqD2cWe', name: 'get_weather', arguments: '' }),
        tool(1, { arguments: '{"city": "To' }),
        tool(1, { arguments: 'kyo"}' }),
        { type: 'finish', index: 0, reason: 'tool_calls' },
        { type: 'usage', promptTokens: 1853, completionTokens: 142, cachedPromptTokens: 0, cacheWritePromptTokens: 1203 },
      ],
      true,
    ],
    [
      'redacted-thinking',
      [
        { type: 'delta', index: 0, text: '', redactedThinking: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj2pLmH3kF5MVbC/7wmNBA==' },
        { type: 'delta', index: 0, text: '', thinking: 'A short, friendly answer will do.' },
        { type: 'delta', index: 0, text: '', signature: 'EqQBCgIYAhIMm2kGm5Ty0bqhm0HfGgyNXq1L6p2YB8cRkO1fIjBPZ1aH0TQ4mVdGkFpSwHcK' },
        text('Hello — happy to help.'),
        { type: 'finish', index: 0, reason: 'stop' },
        { type: 'usage', promptTokens: 96, completionTokens: 58, cachedPromptTokens: 0, cacheWritePromptTokens: 0 },
      ],
      true,
    ],
    [
      'error-mid-stream',
      [
        text('Once upon a time'),
        text(', in a quiet village'),
        { type: 'error', code: 'upstream_error', message: 'anthropic stream error (overloaded_error): Overloaded', param: null, retryable: true },
      ],
      false,
    ],
    [
      'cut-before-message-stop',
      [text('The answer'), text(' is'), { type: 'error', code: 'upstream_error', message: 'anthropic: stream ended before message_stop', param: null, retryable: true }],
      false,
    ],
  ])('replays %s.chunks.txt', (name, parts, done) => {
    expect(convert(parseSse(fixture(name).toString('utf8')))).toEqual({ parts, done });
  });

  it.each(['text', 'tool-call', 'parallel-tool-calls-after-thinking', 'redacted-thinking'])('gives the same parts for %s.chunks.txt however its bytes are split', (name) => {
    const bytes = fixture(name);
    const whole = convert(parseSse(bytes.toString('utf8')));
    for (let cut = 1; cut < bytes.length; cut++) expect(convert(eventsFromPieces(bytes, [cut]))).toEqual(whole);
    const everyByte = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(convert(eventsFromPieces(bytes, everyByte))).toEqual(whole);
  });

  const start: SseEvent = { event: 'message_start', data: '{"type":"message_start","message":{"usage":{"input_tokens":5,"output_tokens":1}}}' };
  const stop: SseEvent = { event: 'message_stop', data: '{"type":"message_stop"}' };
  const ev = (type: string, data: Record<string, unknown>): SseEvent => ({ event: type, data: JSON.stringify({ type, ...data }) });
  const malformed: StreamPart = { type: 'error', code: 'upstream_error', param: null, retryable: true, message: expect.stringContaining('malformed stream event') };

  it.each<[string, SseEvent[], StreamPart[]]>([
    ['an unknown event type ignored', [start, ev('message_annotation', { note: 'new' }), stop], [{ type: 'finish', index: 0, reason: 'stop' }, { type: 'usage', promptTokens: 5, completionTokens: 1 }]],
    ['a text block that starts with text', [start, ev('content_block_start', { index: 0, content_block: { type: 'text', text: 'Hi' } })], [text('Hi')]],
    ['an empty text delta dropped', [start, ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: '' } })], []],
    ['a citations delta ignored', [start, ev('content_block_delta', { index: 0, delta: { type: 'citations_delta', citation: {} } })], []],
    ['a server tool block ignored', [start, ev('content_block_start', { index: 0, content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} } })], []],
    ['JSON for a block that is not a tool ignored', [start, ev('content_block_delta', { index: 3, delta: { type: 'input_json_delta', partial_json: '{"q":1}' } })], []],
    ['a message_delta without usage', [start, ev('message_delta', { delta: { stop_reason: 'max_tokens' } }), stop], [{ type: 'finish', index: 0, reason: 'length' }, { type: 'usage', promptTokens: 5, completionTokens: 1 }]],
    ['a stop sequence', [start, ev('message_delta', { delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' }, usage: { output_tokens: 3 } }), stop], [{ type: 'finish', index: 0, reason: 'stop' }, { type: 'usage', promptTokens: 5, completionTokens: 3 }]],
    ['a refusal', [start, ev('message_delta', { delta: { stop_reason: 'refusal' }, usage: { output_tokens: 4 } }), stop], [{ type: 'finish', index: 0, reason: 'content_filter' }, { type: 'usage', promptTokens: 5, completionTokens: 4 }]],
    ['a rate-limit error event', [start, ev('error', { error: { type: 'rate_limit_error', message: 'Rate limited' } })], [{ type: 'error', code: 'rate_limit_exceeded', param: null, retryable: true, message: 'anthropic stream error (rate_limit_error): Rate limited' }]],
    ['data that is not JSON', [{ event: 'content_block_delta', data: '{"type":"content_blo' }], [malformed]],
    ['data without a type', [{ event: 'message', data: '[1,2]' }], [malformed]],
    ['a known event of the wrong shape', [start, ev('content_block_delta', { index: 0, delta: { type: 'text_delta' } })], [malformed]],
    ['a tool_use block without a name', [start, ev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_1', input: {} } })], [malformed]],
    ['nothing after an error', [start, ev('error', { error: { type: 'api_error', message: 'Internal server error' } }), ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'late' } }), stop], [
      { type: 'error', code: 'upstream_error', param: null, retryable: true, message: 'anthropic stream error (api_error): Internal server error' },
    ]],
    ['nothing after message_stop', [start, stop, ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'late' } })], [{ type: 'finish', index: 0, reason: 'stop' }, { type: 'usage', promptTokens: 5, completionTokens: 1 }]],
  ])('handles %s', (_name, events, parts) => {
    const converter = new AnthropicStreamConverter();
    expect(events.flatMap((event) => converter.push(event))).toEqual(parts);
  });

  it('owes nothing at the end once message_stop came', () => {
    const converter = new AnthropicStreamConverter();
    converter.push(start);
    converter.push(stop);
    expect(converter.done).toBe(true);
    expect(converter.end()).toEqual([]);
  });

  it('reports an end before message_stop once only', () => {
    const converter = new AnthropicStreamConverter();
    expect(converter.end()).toHaveLength(1);
    expect(converter.end()).toEqual([]);
    expect(converter.done).toBe(false);
  });
});
