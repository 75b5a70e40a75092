import type { StreamPart } from '@switchyard/contracts';
import { MessageAccumulator } from './message-body';
import { MessageEventRenderer } from './message-events';

const START: StreamPart = { type: 'start', backend: 'openai:tool-model', model: 'auto (selected: openai:tool-model)', workerId: 'w1' };
/** Text, then a tool call whose arguments come in two pieces, then the finish and the usage. */
const PARTS: StreamPart[] = [
  START,
  { type: 'delta', index: 0, text: 'Let me ' },
  { type: 'delta', index: 0, text: 'look.' },
  { type: 'delta', index: 0, text: '', toolCalls: [{ index: 0, id: 'call_1', name: 'get_weather', arguments: '' }] },
  { type: 'delta', index: 0, text: '', toolCalls: [{ index: 0, arguments: '{"city":' }] },
  { type: 'delta', index: 0, text: '', toolCalls: [{ index: 0, arguments: '"Paris"}' }] },
  { type: 'finish', index: 0, reason: 'tool_calls' },
  { type: 'usage', promptTokens: 12, completionTokens: 7, cachedPromptTokens: 4 },
];

/** The events, byte for byte, that a client of Anthropic's API would parse. */
const EXPECTED = [
  '{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"auto (selected: openai:tool-model)","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}}',
  '{"type":"ping"}',
  '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
  '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Let me "}}',
  '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"look."}}',
  '{"type":"content_block_stop","index":0}',
  '{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"call_1","name":"get_weather","input":{}}}',
  '{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\":"}}',
  '{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\\"Paris\\"}"}}',
  '{"type":"content_block_stop","index":1}',
  '{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":12,"output_tokens":7,"cache_read_input_tokens":4}}',
  '{"type":"message_stop"}',
];

describe('MessageEventRenderer', () => {
  it('renders Anthropic’s event sequence byte for byte, output flagged on the deltas only', () => {
    const renderer = new MessageEventRenderer('msg_1');
    const events = PARTS.flatMap((part) => renderer.render(part));
    expect(events.map((e) => e.json)).toEqual(EXPECTED);
    expect(events.map((e) => e.output)).toEqual(EXPECTED.map((json) => json.includes('"content_block_delta"')));
  });

  it('renders thinking as a block of its own, closed after its signature, before the text', () => {
    const renderer = new MessageEventRenderer('msg_t');
    const parts: StreamPart[] = [
      START,
      { type: 'delta', index: 0, text: '', thinking: 'Hmm, ' },
      { type: 'delta', index: 0, text: '', thinking: 'an echo.' },
      { type: 'delta', index: 0, text: '', signature: 'EqQB+/sig==' },
      { type: 'delta', index: 0, text: 'Echo: hi' },
      { type: 'finish', index: 0, reason: 'stop' },
      { type: 'usage', promptTokens: 3, completionTokens: 4 },
    ];
    const events = parts.flatMap((part) => renderer.render(part)).map((e) => e.json);
    expect(events.slice(2, 9)).toEqual([
      '{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Hmm, "}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"an echo."}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB+/sig=="}}',
      '{"type":"content_block_stop","index":0}',
      '{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}',
      '{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Echo: hi"}}',
    ]);
    const accumulator = new MessageAccumulator('msg_t');
    parts.forEach((part) => accumulator.add(part));
    const result = accumulator.result();
    expect(result.ok && (result.body as { content: unknown }).content).toEqual([
      { type: 'thinking', thinking: 'Hmm, an echo.', signature: 'EqQB+/sig==' },
      { type: 'text', text: 'Echo: hi' },
    ]);
  });

  it('renders a redacted thinking block whole, between thinking blocks, and keeps it in a whole message', () => {
    const renderer = new MessageEventRenderer('msg_r');
    const parts: StreamPart[] = [
      START,
      { type: 'delta', index: 0, text: '', thinking: 'First.' },
      { type: 'delta', index: 0, text: '', signature: 'sig1' },
      { type: 'delta', index: 0, text: '', redactedThinking: 'EmwKAhgBEgy3va3pzix/LafPsn4a' },
      { type: 'delta', index: 0, text: '', thinking: 'Second.' },
      { type: 'delta', index: 0, text: '', signature: 'sig2' },
      { type: 'delta', index: 0, text: 'Done' },
      { type: 'finish', index: 0, reason: 'stop' },
      { type: 'usage', promptTokens: 3, completionTokens: 4 },
    ];
    const events = parts.flatMap((part) => renderer.render(part)).map((e) => e.json);
    expect(events.slice(6, 9)).toEqual([
      '{"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4a"}}',
      '{"type":"content_block_stop","index":1}',
      '{"type":"content_block_start","index":2,"content_block":{"type":"thinking","thinking":"","signature":""}}',
    ]);
    const accumulator = new MessageAccumulator('msg_r');
    parts.forEach((part) => accumulator.add(part));
    const result = accumulator.result();
    expect(result.ok && (result.body as { content: unknown }).content).toEqual([
      { type: 'thinking', thinking: 'First.', signature: 'sig1' },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4a' },
      { type: 'thinking', thinking: 'Second.', signature: 'sig2' },
      { type: 'text', text: 'Done' },
    ]);
  });

  it('maps finish reasons to stop reasons', () => {
    for (const [reason, stop] of [
      ['stop', 'end_turn'],
      ['length', 'max_tokens'],
      ['content_filter', 'refusal'],
    ] as const) {
      const renderer = new MessageEventRenderer('msg_2');
      const events = [START, { type: 'delta', index: 0, text: 'x' }, { type: 'finish', index: 0, reason }, { type: 'usage', promptTokens: 1, completionTokens: 1 }]
        .flatMap((part) => renderer.render(part as StreamPart))
        .map((e) => JSON.parse(e.json) as { type: string; delta?: { stop_reason?: string } });
      expect(events.find((e) => e.type === 'message_delta')?.delta?.stop_reason).toBe(stop);
    }
  });

  it('renders nothing for an error (the gateway answers it) and starts once', () => {
    const renderer = new MessageEventRenderer('msg_3');
    expect(renderer.render(START).map((e) => JSON.parse(e.json).type)).toEqual(['message_start', 'ping']);
    expect(renderer.render(START)).toEqual([]);
    expect(renderer.render({ type: 'error', code: 'timeout', message: 'slow', param: null, retryable: false })).toEqual([]);
  });
});

describe('MessageAccumulator', () => {
  it('gathers the same answer into one message: a text block, then the tool_use with its input parsed', () => {
    const accumulator = new MessageAccumulator('msg_1');
    PARTS.forEach((part) => accumulator.add(part));
    expect(accumulator.result()).toEqual({
      ok: true,
      body: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'auto (selected: openai:tool-model)',
        content: [
          { type: 'text', text: 'Let me look.' },
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: { input_tokens: 12, output_tokens: 7, cache_read_input_tokens: 4 },
      },
    });
  });

  it('is an upstream error when the answer never finished, and passes an error on', () => {
    const unfinished = new MessageAccumulator('msg_4');
    PARTS.slice(0, 3).forEach((part) => unfinished.add(part));
    expect(unfinished.result()).toEqual({ ok: false, error: expect.objectContaining({ code: 'upstream_error' }) });
    const failed = new MessageAccumulator('msg_5');
    failed.add(START);
    failed.add({ type: 'error', code: 'backend_busy', message: 'busy', param: null, retryable: true });
    expect(failed.result()).toEqual({ ok: false, error: expect.objectContaining({ code: 'backend_busy' }) });
  });
});
