import { openAISchemaValidator } from '../openai-spec';
import { startFakeOpenAI } from './openai';
import { parseSse } from './test-helpers';
import type { FakeUpstream } from './types';

const KEY = 'sk-fake-upstream-key';
const spec = openAISchemaValidator();
let upstream: FakeUpstream;

beforeEach(async () => {
  upstream = await startFakeOpenAI({ apiKey: KEY });
});
afterEach(() => upstream.close());

function post(body: object, key: string | null = KEY): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  return fetch(`${upstream.url}/completions`, { method: 'POST', headers, body: JSON.stringify(body) });
}

interface Choice {
  text: string;
  index: number;
  logprobs: { tokens: string[]; token_logprobs: (number | null)[]; top_logprobs: (Record<string, number> | null)[]; text_offset: number[] } | null;
  finish_reason: string | null;
}
interface TextCompletion {
  id: string;
  object: string;
  choices: Choice[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

/** A whole completion, checked against OpenAI's spec. */
async function whole(body: object): Promise<TextCompletion> {
  const res = await post({ model: 'gpt-3.5-turbo-instruct', ...body });
  expect(res.status).toBe(200);
  const json: unknown = await res.json();
  expect(spec.validate('CreateCompletionResponse', json)).toEqual({ valid: true, errors: [] });
  return json as TextCompletion;
}

/** The chunks of a stream, which must end with `[DONE]`. */
async function streamed(body: object): Promise<TextCompletion[]> {
  const res = await post({ model: 'gpt-3.5-turbo-instruct', stream: true, ...body });
  expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const events = parseSse(await res.text());
  expect(events.at(-1)?.data).toBe('[DONE]');
  return events.slice(0, -1).map((event) => JSON.parse(event.data) as TextCompletion);
}

describe('startFakeOpenAI: POST /v1/completions', () => {
  it('answers a prompt whole, in the real shape', async () => {
    const completion = await whole({ prompt: 'Say this is a test' });
    expect(completion).toMatchObject({
      id: expect.stringMatching(/^cmpl-[A-Za-z0-9]{29}$/),
      object: 'text_completion',
      model: 'gpt-3.5-turbo-instruct',
      choices: [{ text: 'Echo: Say this is a test', index: 0, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
    });
  });

  it('stops at max_tokens (16 by default) and at stop sequences', async () => {
    expect((await whole({ prompt: 'a b', max_tokens: 2 })).choices[0]).toMatchObject({ text: 'Ech', finish_reason: 'length' });
    expect((await whole({ prompt: 'a b', stop: ':' })).choices[0]).toMatchObject({ text: 'Echo', finish_reason: 'stop' });
    expect((await whole({ prompt: 'x', model: 'thousand' })).choices[0]?.finish_reason).toBe('length');
  });

  it('numbers the n choices of each prompt prompt by prompt', async () => {
    const completion = await whole({ prompt: ['one', 'two'], n: 2 });
    expect(completion.choices.map((c) => [c.index, c.text])).toEqual([
      [0, 'Echo: one'],
      [1, 'Echo: one'],
      [2, 'Echo: two'],
      [3, 'Echo: two'],
    ]);
  });

  it('echoes the prompt, and gives legacy logprobs with offsets from the start of the prompt', async () => {
    const res = await post({ model: 'gpt-3.5-turbo-instruct', prompt: 'Hi', echo: true, logprobs: 2, max_tokens: 2 });
    const completion = (await res.json()) as TextCompletion;
    expect(completion.choices[0]).toEqual({
      text: 'HiEch',
      index: 0,
      finish_reason: 'length',
      logprobs: { tokens: ['Hi', 'E', 'ch'], token_logprobs: [null, -0.1, -0.2], top_logprobs: [null, { E: -0.1, '<alt1>': -1.1 }, { ch: -0.2, '<alt1>': -1.2 }], text_offset: [0, 2, 3] },
    });
  });

  it('streams text_completion chunks, a finish chunk per choice, the usage chunk when asked, then [DONE]', async () => {
    const chunks = await streamed({ prompt: 'hello world', stream_options: { include_usage: true } });
    const first = chunks[0];
    for (const chunk of chunks) expect(chunk).toMatchObject({ id: first?.id, object: 'text_completion', model: 'gpt-3.5-turbo-instruct' });
    expect(chunks.slice(0, -1).map((c) => c.choices[0]?.text).join('')).toBe('Echo: hello world');
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks.at(-2)?.choices).toEqual([{ text: '', index: 0, logprobs: null, finish_reason: 'stop' }]);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 2, completion_tokens: 5, total_tokens: 7 } });
  });

  it('sends no usage field at all unless asked', async () => {
    const chunks = await streamed({ prompt: 'hi', logprobs: 0 });
    expect(chunks.some((c) => 'usage' in c)).toBe(false);
    expect(chunks[0]?.choices[0]?.logprobs).toEqual({ tokens: ['E'], token_logprobs: [-0.1], top_logprobs: [{}], text_offset: [2] });
  });

  it('checks the API key as for chat', async () => {
    const res = await post({ model: 'gpt-3.5-turbo-instruct', prompt: 'hi' }, 'sk-wrong-key-123');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
  });

  it.each([
    ['rate-limited', 429],
    ['server-error', 500],
    ['overloaded', 503],
    ['bad-request', 400],
  ])('plays the %s scenario', async (model, status) => {
    expect((await post({ model, prompt: 'hi' })).status).toBe(status);
  });

  it('refuses a prompt that is none of the four forms', async () => {
    const res = await post({ model: 'gpt-3.5-turbo-instruct', prompt: [1, 'a'] });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error', param: 'prompt' } });
  });
});
