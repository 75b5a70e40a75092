import { openAISchemaValidator } from '../openai-spec';
import { startFakeOpenAI } from './openai';
import { headersOf, parseSse } from './test-helpers';
import type { FakeUpstream } from './types';

const KEY = 'sk-fake-upstream-key';
const spec = openAISchemaValidator();
let upstream: FakeUpstream;

beforeEach(async () => {
  upstream = await startFakeOpenAI({ apiKey: KEY });
});
afterEach(() => upstream.close());

function post(body: object, key: string | null = KEY, path = '/chat/completions'): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  return fetch(`${upstream.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

const user = (text: string): object[] => [{ role: 'user', content: text }];
const WEATHER_TOOL = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

interface Chunk {
  id: string;
  created: number;
  system_fingerprint: string;
  choices: { delta: { content?: string; role?: string; tool_calls?: { id?: string; type?: string; function: { name?: string; arguments: string } }[] }; finish_reason: string | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
  obfuscation?: string;
}

/** The JSON chunks of a finished OpenAI stream, checked against the spec; the `[DONE]` marker must end it. */
function chunksOf(text: string): Chunk[] {
  const events = parseSse(text);
  expect(events.at(-1)).toEqual({ event: undefined, data: '[DONE]' });
  return events.slice(0, -1).map(({ data }) => {
    const chunk: unknown = JSON.parse(data);
    expect(spec.validate('CreateChatCompletionStreamResponse', chunk)).toEqual({ valid: true, errors: [] });
    return chunk as Chunk;
  });
}

const contentOf = (chunks: Chunk[]): string => chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');

describe('startFakeOpenAI: answers', () => {
  it('streams an answer in OpenAI SSE framing, byte for byte', async () => {
    const res = await post({ model: 'gpt-4o-mini', messages: user('hello world'), stream: true, stream_options: { include_obfuscation: false } });
    const text = await res.text();
    const first = JSON.parse(text.slice('data: '.length, text.indexOf('\n'))) as Chunk;
    expect(first.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(first.system_fingerprint).toMatch(/^fp_[0-9a-f]{10}$/);
    const base = { id: first.id, object: 'chat.completion.chunk', created: first.created, model: 'gpt-4o-mini', service_tier: 'default', system_fingerprint: first.system_fingerprint };
    const chunk = (delta: object, finish: string | null = null): object => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
    const expected = [
      chunk({ role: 'assistant', content: '', refusal: null }),
      ...['Ech', 'o: ', 'hell', 'o w', 'orld'].map((content) => chunk({ content })),
      chunk({}, 'stop'),
    ];
    expect(text).toBe(`${expected.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('')}data: [DONE]\n\n`);
    chunksOf(text);
  });

  it('sends the real streaming headers, request id and rate-limit state', async () => {
    const res = await post({ model: 'gpt-4o-mini', messages: user('hi'), stream: true });
    await res.text();
    expect(res.status).toBe(200);
    expect(headersOf(res)).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'x-request-id': expect.stringMatching(/^req_[0-9a-f]{32}$/),
      'openai-version': '2020-10-01',
      'x-ratelimit-limit-requests': '10000',
      'x-ratelimit-remaining-requests': '9999',
      'x-ratelimit-reset-requests': expect.stringMatching(/^\d+(ms|s)$/),
      'x-ratelimit-limit-tokens': '10000000',
      'x-ratelimit-remaining-tokens': '9999999',
      'x-ratelimit-reset-tokens': expect.stringMatching(/^\d+(ms|s)$/),
    });
    expect(res.headers.get('retry-after')).toBeNull();
  });

  it('adds usage: null to every chunk and a final usage chunk with no choices only with include_usage', async () => {
    const messages = [{ role: 'system', content: 'be brief' }, ...user('hello there world')];
    const withUsage = chunksOf(await (await post({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } })).text());
    const last = withUsage.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 });
    expect(withUsage.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(withUsage.at(-2)?.choices[0].finish_reason).toBe('stop');

    const without = chunksOf(await (await post({ model: 'gpt-4o-mini', messages, stream: true })).text());
    expect(without.some((c) => 'usage' in c)).toBe(false);
    expect(without.every((c) => c.choices.length === 1)).toBe(true);
  });

  it('pads every chunk with an obfuscation string unless include_obfuscation is false', async () => {
    const chunks = chunksOf(await (await post({ model: 'gpt-4o-mini', messages: user('hi'), stream: true })).text());
    expect(chunks.every((c) => typeof c.obfuscation === 'string' && c.obfuscation.length > 0)).toBe(true);
  });

  it('answers a non-streamed request with a chat.completion the spec accepts', async () => {
    const res = await post({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'be brief' }, ...user('hello world')] });
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(spec.validate('CreateChatCompletionResponse', body)).toEqual({ valid: true, errors: [] });
    expect(body).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Echo: hello world', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 4, completion_tokens: 5, total_tokens: 9 },
      system_fingerprint: expect.stringMatching(/^fp_/),
    });
  });

  it.each([
    ['max_tokens below the chunk count', { max_tokens: 2 }, 'Echo: ', 'length', 2],
    ['max_completion_tokens', { max_completion_tokens: 3 }, 'Echo: hell', 'length', 3],
    ['max_tokens above the chunk count', { max_tokens: 50 }, 'Echo: hello world', 'stop', 5],
    ['a stop string', { stop: 'world' }, 'Echo: hello ', 'stop', 4],
    ['the earliest of several stop strings', { stop: ['zzz', 'lo'] }, 'Echo: hel', 'stop', 3],
  ])('honours %s', async (_name, extra, content, finish, tokens) => {
    for (const stream of [false, true]) {
      const res = await post({ model: 'gpt-4o-mini', messages: user('hello world'), ...extra, ...(stream ? { stream, stream_options: { include_usage: true } } : {}) });
      if (stream) {
        const chunks = chunksOf(await res.text());
        expect(contentOf(chunks)).toBe(content);
        expect(chunks.at(-2)?.choices[0].finish_reason).toBe(finish);
        expect(chunks.at(-1)?.usage?.completion_tokens).toBe(tokens);
      } else {
        const body = (await res.json()) as { choices: { message: { content: string }; finish_reason: string }[]; usage: { completion_tokens: number } };
        expect([body.choices[0].message.content, body.choices[0].finish_reason, body.usage.completion_tokens]).toEqual([content, finish, tokens]);
      }
    }
  });

  it('splits the answer into `chunks` pieces', async () => {
    upstream.set({ chunks: 2 });
    const chunks = chunksOf(await (await post({ model: 'claude-ish', messages: user('abcd'), stream: true })).text());
    expect(chunks.map((c) => c.choices[0].delta.content)).toEqual(['', 'Echo:', ' abcd', undefined]);
  });

  it('lists models', async () => {
    const res = await fetch(`${upstream.url}/models`, { headers: { authorization: `Bearer ${KEY}` } });
    const body: unknown = await res.json();
    expect(spec.validate('ListModelsResponse', body)).toEqual({ valid: true, errors: [] });
    expect(body).toMatchObject({ object: 'list', data: expect.arrayContaining([{ id: 'gpt-4o-mini', object: 'model', created: expect.any(Number), owned_by: 'system' }]) });
  });
});

describe('startFakeOpenAI: tools', () => {
  it('calls the first tool in a non-streamed answer', async () => {
    const res = await post({ model: 'tool-model', messages: user('weather?'), tools: [WEATHER_TOOL] });
    const body: unknown = await res.json();
    expect(spec.validate('CreateChatCompletionResponse', body)).toEqual({ valid: true, errors: [] });
    expect(body).toMatchObject({
      choices: [
        {
          message: { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: expect.stringMatching(/^call_[A-Za-z0-9]{24}$/), type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
          finish_reason: 'tool_calls',
        },
      ],
    });
  });

  it('streams a tool call as OpenAI does: id, type and name first, then the arguments in fragments', async () => {
    const chunks = chunksOf(await (await post({ model: 'tool-model', messages: user('weather?'), tools: [WEATHER_TOOL], stream: true })).text());
    const deltas = chunks.map((c) => c.choices[0].delta);
    expect(deltas[0]).toEqual({
      role: 'assistant',
      content: null,
      refusal: null,
      tool_calls: [{ index: 0, id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather', arguments: '' } }],
    });
    const fragments = deltas.slice(1, -1).map((d) => d.tool_calls?.[0].function.arguments);
    expect(fragments).toHaveLength(3);
    expect(fragments.join('')).toBe('{"city":"Paris"}');
    expect(deltas.slice(1, -1).every((d) => d.tool_calls?.[0].id === undefined)).toBe(true);
    expect(chunks.at(-1)?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'tool_calls' });
  });

  it('answers normally after a tool result, and echoes when no tool is offered', async () => {
    const call = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };
    const afterTool = [...user('weather?'), { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: 'call_1', content: '22C sunny' }];
    const chunks = chunksOf(await (await post({ model: 'tool-model', messages: afterTool, tools: [WEATHER_TOOL], stream: true })).text());
    expect(contentOf(chunks)).toBe('The weather is sunny.');
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('stop');
    const plain = (await (await post({ model: 'tool-model', messages: user('hi') })).json()) as { choices: { message: { content: string } }[] };
    expect(plain.choices[0].message.content).toBe('Echo: hi');
  });
});
