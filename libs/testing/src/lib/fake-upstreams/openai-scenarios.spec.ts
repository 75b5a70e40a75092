import { openAISchemaValidator } from '../openai-spec';
import { startFakeOpenAI } from './openai';
import { headersOf, parseSse, readUntilCut } from './test-helpers';
import type { FakeUpstream } from './types';

const KEY = 'sk-fake-upstream-key';
const spec = openAISchemaValidator();
let upstream: FakeUpstream;

beforeEach(async () => {
  upstream = await startFakeOpenAI({ apiKey: KEY });
});
afterEach(() => upstream.close());

function post(body: object | string, init: { key?: string | null; path?: string; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  const key = init.key === undefined ? KEY : init.key;
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(`${upstream.url}${init.path ?? '/chat/completions'}`, { method: 'POST', headers, body: payload, signal: init.signal });
}

const ask = (model: string, stream = false, extra: object = {}): object => ({ model, messages: [{ role: 'user', content: 'hello world' }], stream, ...extra });
const dataOf = (text: string): string[] => parseSse(text).map((e) => e.data);
const deltaContent = (data: string): string | undefined => (JSON.parse(data) as { choices: { delta: { content?: string } }[] }).choices[0].delta.content;

describe('startFakeOpenAI: authentication', () => {
  it('rejects a request without a key with the real 401 body', async () => {
    const res = await post(ask('gpt-4o-mini'), { key: null });
    const body: unknown = await res.json();
    expect(res.status).toBe(401);
    expect(spec.validate('ErrorResponse', body)).toEqual({ valid: true, errors: [] });
    expect(body).toEqual({ error: { message: expect.stringMatching(/^You didn't provide an API key\./), type: 'invalid_request_error', param: null, code: null } });
  });

  it('quotes part of a wrong key back, as OpenAI does', async () => {
    const res = await post(ask('gpt-4o-mini'), { key: 'sk-test-key' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: {
        message: 'Incorrect API key provided: sk-te***ey. You can find your API key at https://platform.openai.com/account/api-keys.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
  });

  it('guards the model list too, and accepts any key when none is configured', async () => {
    expect((await fetch(`${upstream.url}/models`)).status).toBe(401);
    upstream.set({ apiKey: undefined });
    expect((await post(ask('gpt-4o-mini'), { key: null })).status).toBe(200);
  });
});

describe('startFakeOpenAI: error scenarios', () => {
  it.each([
    ['rate-limited', 429, 'requests', null, 'rate_limit_exceeded'],
    ['server-error', 500, 'server_error', null, null],
    ['overloaded', 503, 'server_error', null, null],
    ['bad-request', 400, 'invalid_request_error', 'messages', null],
  ])('%s answers %i with a real error body, streamed or not', async (model, status, type, param, code) => {
    for (const stream of [false, true]) {
      const res = await post(ask(model, stream));
      const body: unknown = await res.json();
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(spec.validate('ErrorResponse', body)).toEqual({ valid: true, errors: [] });
      expect(body).toEqual({ error: { message: expect.any(String), type, param, code } });
    }
  });

  it('rate-limited carries retry-after-ms, retry-after and an exhausted rate-limit state', async () => {
    const res = await post(ask('rate-limited'));
    expect(headersOf(res)).toMatchObject({
      'retry-after-ms': '10',
      'retry-after': '1',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-limit-requests': '10000',
    });
  });

  it.each([
    ['an unknown path', ask('gpt-4o-mini'), '/responses', 404, 'Invalid URL (POST /v1/responses)', null, null],
    ['invalid JSON', '{"model":', '/chat/completions', 400, expect.stringMatching(/^We could not parse the JSON body/), null, null],
    ['no messages', { model: 'gpt-4o-mini' }, '/chat/completions', 400, "Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter'],
    ['stream_options without stream', ask('gpt-4o-mini', false, { stream_options: { include_usage: true } }), '/chat/completions', 400, expect.any(String), 'stream_options', null],
  ])('rejects %s', async (_name, body, path, status, message, param, code) => {
    const res = await post(body, { path });
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { message, type: 'invalid_request_error', param, code } });
  });
});

describe('startFakeOpenAI: broken streams', () => {
  it('dies-mid-stream sends two content chunks, then cuts the connection without [DONE]', async () => {
    const res = await post(ask('dies-mid-stream', true));
    expect(res.status).toBe(200);
    const { text, error } = await readUntilCut(res);
    expect(String(error)).toBe('TypeError: terminated');
    const data = dataOf(text);
    expect(data.map(deltaContent)).toEqual(['', 'Ech', 'o: ']);
    expect(text.endsWith('\n\n')).toBe(true);
    expect(text).not.toContain('[DONE]');
  });

  it('dies-mid-stream without streaming closes the socket before any answer', async () => {
    await expect(post(ask('dies-mid-stream'))).rejects.toThrow('fetch failed');
  });

  it('error-mid-stream sends a chunk, then an error event, and ends without [DONE]', async () => {
    const res = await post(ask('error-mid-stream', true));
    const text = await res.text();
    const data = dataOf(text);
    expect(data.slice(0, 2).map(deltaContent)).toEqual(['', 'Ech']);
    expect(JSON.parse(data[2])).toEqual({ error: { message: expect.any(String), type: 'server_error', param: null, code: null } });
    expect(data).toHaveLength(3);
    expect((await post(ask('error-mid-stream'))).status).toBe(500);
  });

  it('malformed answers invalid JSON, or a garbage event before [DONE]', async () => {
    const res = await post(ask('malformed'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"not":"what you expect"');
    expect(await (await post(ask('malformed', true))).text()).toBe('data: {garbage\n\ndata: [DONE]\n\n');
  });

  it('thousand streams w0 … w999 in order, each once', async () => {
    const text = await (await post(ask('thousand', true, { stream_options: { include_usage: true, include_obfuscation: false } }))).text();
    const data = dataOf(text);
    const contents = data.slice(1, 1001).map(deltaContent);
    expect(contents).toEqual(Array.from({ length: 1000 }, (_, i) => `w${i} `));
    expect(JSON.parse(data[1002])).toMatchObject({ choices: [], usage: { completion_tokens: 1000 } });
    expect(data).toHaveLength(1004);
  });

  it('slow waits 300 ms before every event', async () => {
    upstream.set({ chunks: 1 });
    const started = Date.now();
    const data = dataOf(await (await post(ask('slow', true))).text());
    expect(data).toHaveLength(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 300 - 20);
  });

  it('stall sends headers and then nothing until the client goes away', async () => {
    const abort = new AbortController();
    const res = await post(ask('stall', true), { signal: abort.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body?.getReader();
    const first = await Promise.race([reader?.read(), new Promise((resolve) => setTimeout(() => resolve('nothing'), 300))]);
    expect(first).toBe('nothing');
    abort.abort();
  });
});

describe('startFakeOpenAI: options and records', () => {
  it('waits latencyMs before the headers and chunkDelayMs between events', async () => {
    upstream.set({ latencyMs: 200 });
    let started = Date.now();
    await (await post(ask('gpt-4o-mini'))).json();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    upstream.set({ latencyMs: 0, chunkDelayMs: 50 });
    started = Date.now();
    const data = dataOf(await (await post(ask('gpt-4o-mini', true))).text());
    expect(data).toHaveLength(8);
    expect(Date.now() - started).toBeGreaterThanOrEqual(7 * 50 - 10);
  });

  it('records every request with lower-case headers and the parsed body, and counts POSTs per model', async () => {
    await post(ask('gpt-4o-mini'), { headers: { 'X-Trace-Id': 'abc' } });
    await post(ask('gpt-4o-mini', true));
    await post(ask('rate-limited'));
    await fetch(`${upstream.url}/models`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(upstream.requests).toHaveLength(4);
    expect(upstream.requests[0]).toEqual({
      method: 'POST',
      path: '/v1/chat/completions',
      headers: expect.objectContaining({ 'x-trace-id': 'abc', authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }),
      body: ask('gpt-4o-mini'),
    });
    expect(upstream.requests[3]).toMatchObject({ method: 'GET', path: '/v1/models', body: undefined });
    expect([upstream.hits('gpt-4o-mini'), upstream.hits('rate-limited'), upstream.hits('slow')]).toEqual([2, 1, 0]);
  });

  it('close() cuts streams in progress and does not hang', async () => {
    const res = await post(ask('stall', true));
    const reading = readUntilCut(res);
    await upstream.close();
    expect((await reading).error).toBeDefined();
  });
});
