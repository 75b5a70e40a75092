import { startFakeAnthropic } from './anthropic';
import { headersOf, type ParsedEvent, parseSse } from './test-helpers';
import type { FakeUpstream } from './types';

const KEY = 'sk-ant-fake-key';
let upstream: FakeUpstream;

beforeEach(async () => {
  upstream = await startFakeAnthropic({ apiKey: KEY });
});
afterEach(() => upstream.close());

function post(body: object): Promise<Response> {
  const headers = { 'content-type': 'application/json', 'x-api-key': KEY, 'anthropic-version': '2023-06-01' };
  return fetch(`${upstream.url}/messages`, { method: 'POST', headers, body: JSON.stringify(body) });
}

const ask = (text: string, extra: object = {}): object => ({ model: 'claude-sonnet', max_tokens: 100, messages: [{ role: 'user', content: text }], ...extra });
const WEATHER_TOOL = { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };
const USAGE_FIELDS = { cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 } };

/** Events of a finished stream, each `data` parsed; the event name must equal the data's `type`. */
async function eventsOf(res: Response): Promise<Record<string, unknown>[]> {
  const events = parseSse(await res.text());
  return events.map((e: ParsedEvent) => {
    const data = JSON.parse(e.data) as Record<string, unknown>;
    expect(e.event).toBe(data['type']);
    return data;
  });
}

interface Delta {
  type: string;
  index: number;
  delta: { type: string; text?: string; partial_json?: string; stop_reason?: string };
}

const textOf = (events: Record<string, unknown>[]): string =>
  events
    .filter((e) => e['type'] === 'content_block_delta')
    .map((e) => (e as unknown as Delta).delta.text ?? '')
    .join('');

describe('startFakeAnthropic: answers', () => {
  it('streams an answer in Anthropic SSE framing, byte for byte, with a ping', async () => {
    const res = await post(ask('hello world', { stream: true }));
    const text = await res.text();
    const id = /"id":"(msg_01[1-9A-HJ-NP-Za-km-z]{22})"/.exec(text)?.[1];
    expect(id).toBeDefined();
    const usage = JSON.stringify({ input_tokens: 2, ...USAGE_FIELDS, output_tokens: 1, service_tier: 'standard' });
    const delta = (t: string): string => `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${t}"}}\n\n`;
    expect(text).toBe(
      `event: message_start\ndata: {"type":"message_start","message":{"id":"${id}","type":"message","role":"assistant","model":"claude-sonnet","content":[],"stop_reason":null,"stop_sequence":null,"usage":${usage}}}\n\n` +
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
        'event: ping\ndata: {"type": "ping"}\n\n' +
        ['Ech', 'o: ', 'hell', 'o w', 'orld'].map(delta).join('') +
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":5}}\n\n' +
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
  });

  it('sends the real headers: content type, request-id, rate limits with RFC 3339 resets', async () => {
    const stream = await post(ask('hi', { stream: true }));
    await stream.text();
    const plain = await post(ask('hi'));
    await plain.json();
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(plain.headers.get('content-type')).toBe('application/json');
    const rfc3339 = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(headersOf(plain)).toMatchObject({
      'request-id': expect.stringMatching(/^req_011C[1-9A-HJ-NP-Za-km-z]{20}$/),
      'anthropic-ratelimit-requests-limit': '4000',
      'anthropic-ratelimit-requests-remaining': '3998',
      'anthropic-ratelimit-requests-reset': rfc3339,
      'anthropic-ratelimit-tokens-limit': expect.stringMatching(/^\d+$/),
      'anthropic-ratelimit-tokens-remaining': expect.stringMatching(/^\d+$/),
      'anthropic-ratelimit-tokens-reset': rfc3339,
      'anthropic-ratelimit-input-tokens-reset': rfc3339,
      'anthropic-ratelimit-output-tokens-reset': rfc3339,
    });
    expect(Date.parse(plain.headers.get('anthropic-ratelimit-requests-reset') ?? '')).toBeGreaterThan(Date.now() - 1000);
  });

  it('answers a non-streamed request with a message object', async () => {
    const res = await post(ask('hello world', { system: 'be very brief' }));
    expect(await res.json()).toEqual({
      id: expect.stringMatching(/^msg_01/),
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet',
      content: [{ type: 'text', text: 'Echo: hello world' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 5, ...USAGE_FIELDS, output_tokens: 5, service_tier: 'standard' },
    });
  });

  it.each([
    ['max_tokens below the chunk count', { max_tokens: 2 }, 'Echo: ', 'max_tokens', null, 2],
    ['a stop sequence', { stop_sequences: ['world'] }, 'Echo: hello ', 'stop_sequence', 'world', 4],
  ])('honours %s', async (_name, extra, text, stopReason, stopSequence, tokens) => {
    const body = (await (await post(ask('hello world', extra))).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ content: [{ type: 'text', text }], stop_reason: stopReason, stop_sequence: stopSequence, usage: { output_tokens: tokens } });
    const events = await eventsOf(await post(ask('hello world', { ...extra, stream: true })));
    expect(textOf(events)).toBe(text);
    expect(events.at(-2)).toEqual({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: stopSequence }, usage: { output_tokens: tokens } });
  });

  it('goes on from a final assistant message (a prefill), streamed and whole', async () => {
    const prefilled = { model: 'claude-sonnet', max_tokens: 100, messages: [{ role: 'user', content: 'hello world' }, { role: 'assistant', content: 'Echo: hel' }] };
    expect(await (await post(prefilled)).json()).toMatchObject({ content: [{ type: 'text', text: 'lo world' }] });
    expect(textOf(await eventsOf(await post({ ...prefilled, stream: true })))).toBe('lo world');
  });

  it('lists models', async () => {
    const res = await fetch(`${upstream.url}/models`, { headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' } });
    expect(await res.json()).toMatchObject({
      data: expect.arrayContaining([{ type: 'model', id: 'claude-sonnet', display_name: expect.any(String), created_at: expect.any(String) }]),
      has_more: false,
      first_id: expect.any(String),
      last_id: expect.any(String),
    });
  });
});

describe('startFakeAnthropic: tools', () => {
  it('answers with a text block and a tool_use block', async () => {
    const body = await (await post(ask('weather?', { model: 'tool-model', tools: [WEATHER_TOOL] }))).json();
    expect(body).toMatchObject({
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: expect.stringMatching(/^toolu_01[1-9A-HJ-NP-Za-km-z]{22}$/), name: 'get_weather', input: { city: 'Paris' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
    });
  });

  it('streams the tool_use block with empty input and input_json_delta fragments', async () => {
    const events = await eventsOf(await post(ask('weather?', { model: 'tool-model', tools: [WEATHER_TOOL], stream: true })));
    expect(events.map((e) => e['type'])).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      ...Array<string>(4).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[5]).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: expect.stringMatching(/^toolu_01/), name: 'get_weather', input: {} } });
    const partials = events.slice(6, 10).map((e) => (e as unknown as Delta).delta);
    expect(partials.every((d) => d.type === 'input_json_delta')).toBe(true);
    expect(JSON.parse(partials.map((d) => d.partial_json).join(''))).toEqual({ city: 'Paris' });
    expect(events.at(-2)).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });

  it('answers normally after a tool_result', async () => {
    const messages = [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '22C sunny' }] },
    ];
    const events = await eventsOf(await post({ model: 'tool-model', max_tokens: 100, messages, tools: [WEATHER_TOOL], stream: true }));
    expect(textOf(events)).toBe('The weather is sunny.');
    expect(events.at(-2)).toMatchObject({ delta: { stop_reason: 'end_turn' } });
  });

  it('with thinking on, refuses a tool turn that does not begin with its thinking block, as Anthropic does', async () => {
    const thinking = { type: 'enabled', budget_tokens: 1024 };
    const toolUse = { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } };
    const result = { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] };
    const without = [{ role: 'user', content: 'weather?' }, { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }, toolUse] }, result];
    const refused = await post({ model: 'tool-model', max_tokens: 2000, thinking, messages: without, tools: [WEATHER_TOOL] });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/^messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `text`/);
    const signed = { type: 'thinking', thinking: 'Use the tool.', signature: 'SIG' };
    const withThinking = [without[0], { role: 'assistant', content: [signed, { type: 'text', text: 'Let me check.' }, toolUse] }, result];
    expect((await post({ model: 'tool-model', max_tokens: 2000, thinking, messages: withThinking, tools: [WEATHER_TOOL] })).status).toBe(200);
    expect((await post({ model: 'tool-model', max_tokens: 2000, messages: without, tools: [WEATHER_TOOL] })).status).toBe(200);
  });
});
