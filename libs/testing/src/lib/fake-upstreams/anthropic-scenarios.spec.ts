import { startFakeAnthropic } from './anthropic';
import { headersOf, parseSse, readUntilCut } from './test-helpers';
import type { FakeUpstream } from './types';

const KEY = 'sk-ant-fake-key';
const VERSION = { 'anthropic-version': '2023-06-01' };
let upstream: FakeUpstream;

beforeEach(async () => {
  upstream = await startFakeAnthropic({ apiKey: KEY });
});
afterEach(() => upstream.close());

function post(body: object | string, headers: Record<string, string> = { 'x-api-key': KEY, ...VERSION }, path = '/messages', signal?: AbortSignal): Promise<Response> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(`${upstream.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload, signal });
}

const ask = (model: string, stream = false): object => ({ model, max_tokens: 1024, messages: [{ role: 'user', content: 'hello world' }], stream });
const errorBody = (type: string, message: unknown): object => ({ type: 'error', error: { type, message }, request_id: expect.stringMatching(/^req_011C/) });

describe('startFakeAnthropic: authentication and validation', () => {
  it.each([
    ['no x-api-key', { ...VERSION }, 401, 'authentication_error', 'x-api-key header is required'],
    ['a wrong x-api-key', { 'x-api-key': 'sk-ant-wrong', ...VERSION }, 401, 'authentication_error', 'invalid x-api-key'],
    ['a Bearer token instead of x-api-key', { authorization: `Bearer ${KEY}`, ...VERSION }, 401, 'authentication_error', 'x-api-key header is required'],
    ['no anthropic-version', { 'x-api-key': KEY }, 400, 'invalid_request_error', 'anthropic-version: header is required'],
  ])('rejects %s', async (_name, headers, status, type, message) => {
    const res = await post(ask('claude-sonnet'), headers);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(errorBody(type, message));
    expect(res.headers.get('request-id')).toMatch(/^req_011C/);
    expect(res.headers.get('x-should-retry')).toBe('false');
  });

  it.each([
    ['no max_tokens', { model: 'claude-sonnet', messages: [] }, '/messages', 400, 'invalid_request_error', 'max_tokens: Field required'],
    ['no messages', { model: 'claude-sonnet', max_tokens: 5 }, '/messages', 400, 'invalid_request_error', 'messages: Field required'],
    ['invalid JSON', '{"model"', '/messages', 400, 'invalid_request_error', expect.any(String)],
    ['an unknown path', ask('claude-sonnet'), '/complete', 404, 'not_found_error', 'Not Found'],
  ])('rejects %s', async (_name, body, path, status, type, message) => {
    const res = await post(body, undefined, path);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(errorBody(type, message));
  });

  it('accepts any key when none is configured', async () => {
    upstream.set({ apiKey: undefined });
    expect((await post(ask('claude-sonnet'), { ...VERSION })).status).toBe(200);
  });
});

describe('startFakeAnthropic: error scenarios', () => {
  it.each([
    ['rate-limited', 429, 'rate_limit_error'],
    ['server-error', 500, 'api_error'],
    ['overloaded', 529, 'overloaded_error'],
    ['bad-request', 400, 'invalid_request_error'],
  ])('%s answers %i %s, streamed or not', async (model, status, type) => {
    for (const stream of [false, true]) {
      const res = await post(ask(model, stream));
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('x-should-retry')).toBe(String(status !== 400));
      expect(await res.json()).toEqual(errorBody(type, expect.any(String)));
    }
  });

  it('overloaded says exactly "Overloaded"; rate-limited carries retry headers and an exhausted rate-limit state', async () => {
    expect(await (await post(ask('overloaded'))).json()).toEqual(errorBody('overloaded_error', 'Overloaded'));
    const res = await post(ask('rate-limited'));
    expect(headersOf(res)).toMatchObject({
      'retry-after': '1',
      'retry-after-ms': '10',
      'anthropic-ratelimit-requests-limit': '4000',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-tokens-remaining': '0',
      'anthropic-ratelimit-requests-reset': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
  });
});

describe('startFakeAnthropic: broken streams', () => {
  it('dies-mid-stream sends two text deltas, then cuts the connection without message_stop', async () => {
    const { text, error } = await readUntilCut(await post(ask('dies-mid-stream', true)));
    expect(String(error)).toBe('TypeError: terminated');
    const events = parseSse(text);
    expect(events.map((e) => e.event)).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta']);
    expect(text.endsWith('\n\n')).toBe(true);
    await expect(post(ask('dies-mid-stream'))).rejects.toThrow('fetch failed');
  });

  it('error-mid-stream sends a text delta, then an overloaded error event, and ends', async () => {
    const text = await (await post(ask('error-mid-stream', true))).text();
    expect(parseSse(text).map((e) => e.event)).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta', 'error']);
    expect(text.endsWith('event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}\n\n')).toBe(true);
    expect((await post(ask('error-mid-stream'))).status).toBe(529);
  });

  it('malformed answers invalid JSON, or a garbage event before message_stop', async () => {
    const res = await post(ask('malformed'));
    expect([res.status, await res.text()]).toEqual([200, '{"not":"what you expect"']);
    expect(await (await post(ask('malformed', true))).text()).toBe('event: message_start\ndata: {garbage\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n');
  });

  it('thousand streams w0 … w999 in order, each once', async () => {
    const events = parseSse(await (await post(ask('thousand', true))).text()).map((e) => JSON.parse(e.data) as { type: string; delta?: { text?: string; stop_reason?: string }; usage?: object });
    const texts = events.filter((e) => e.type === 'content_block_delta').map((e) => e.delta?.text);
    expect(texts).toEqual(Array.from({ length: 1000 }, (_, i) => `w${i} `));
    expect(events.at(-2)).toMatchObject({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 1000 } });
  });

  it('slow waits 300 ms before every event', async () => {
    upstream.set({ chunks: 1 });
    const started = Date.now();
    const events = parseSse(await (await post(ask('slow', true))).text());
    expect(events).toHaveLength(7);
    expect(Date.now() - started).toBeGreaterThanOrEqual(7 * 300 - 20);
  });

  it('stall sends headers then nothing; close() cuts it without hanging', async () => {
    const res = await post(ask('stall', true));
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reading = readUntilCut(res);
    const first = await Promise.race([reading, new Promise((resolve) => setTimeout(() => resolve('nothing'), 300))]);
    expect(first).toBe('nothing');
    await upstream.close();
    expect(await reading).toEqual({ text: '', error: expect.anything() });
  });
});

describe('startFakeAnthropic: records', () => {
  it('records requests with lower-case headers and counts POSTs per model', async () => {
    await post(ask('claude-sonnet'), { 'X-Api-Key': KEY, 'Anthropic-Version': '2023-06-01', 'Anthropic-Beta': 'tools-2024-04-04' });
    await post(ask('overloaded', true));
    expect(upstream.requests[0]).toEqual({
      method: 'POST',
      path: '/v1/messages',
      headers: expect.objectContaining({ 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'tools-2024-04-04' }),
      body: ask('claude-sonnet'),
    });
    expect([upstream.hits('claude-sonnet'), upstream.hits('overloaded'), upstream.hits('thousand')]).toEqual([1, 1, 0]);
  });
});
