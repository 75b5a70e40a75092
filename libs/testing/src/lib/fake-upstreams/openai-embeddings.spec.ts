import { openAISchemaValidator } from '../openai-spec';
import { fakeEmbedding } from './fake-embedding';
import { startFakeOpenAI } from './openai';
import type { FakeUpstream } from './types';

const KEY = 'sk-fake-upstream-key';
const spec = openAISchemaValidator();
let upstream: FakeUpstream;

beforeEach(async () => {
  upstream = await startFakeOpenAI({ apiKey: KEY });
});
afterEach(() => upstream.close());

interface EmbeddingList {
  object: string;
  data: { object: string; index: number; embedding: number[] | string }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

function post(body: object, key: string | null = KEY): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  return fetch(`${upstream.url}/embeddings`, { method: 'POST', headers, body: JSON.stringify(body) });
}

/** An embedding list, checked against OpenAI's spec (which describes float vectors only). */
async function embed(body: Record<string, unknown>): Promise<EmbeddingList> {
  const res = await post({ model: 'text-embedding-3-small', ...body });
  expect(res.status).toBe(200);
  const json: unknown = await res.json();
  if (body['encoding_format'] !== 'base64') expect(spec.validate('CreateEmbeddingResponse', json)).toEqual({ valid: true, errors: [] });
  return json as EmbeddingList;
}

const norm = (vector: number[]): number => Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
const fromBase64 = (text: string): number[] => {
  const bytes = Buffer.from(text, 'base64');
  return Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
};

describe('startFakeOpenAI: POST /v1/embeddings', () => {
  it('answers one unit vector per input, of the model’s native size, with usage', async () => {
    const list = await embed({ input: ['hello world', 'goodbye'] });
    expect(list).toMatchObject({ object: 'list', model: 'text-embedding-3-small', usage: { prompt_tokens: 3, total_tokens: 3 } });
    expect(list.data.map((d) => [d.object, d.index, (d.embedding as number[]).length])).toEqual([
      ['embedding', 0, 1536],
      ['embedding', 1, 1536],
    ]);
    expect(norm(list.data[0]?.embedding as number[])).toBeCloseTo(1, 5);
  });

  it('derives each vector from its text alone', async () => {
    const [a, b] = [await embed({ input: ['same', 'other'], dimensions: 8 }), await embed({ input: 'same', dimensions: 8 })];
    expect(b.data[0]?.embedding).toEqual(a.data[0]?.embedding);
    expect(a.data[1]?.embedding).not.toEqual(a.data[0]?.embedding);
    expect(a.data[0]?.embedding).toEqual(fakeEmbedding('same', 8));
  });

  it('shortens to dimensions like text-embedding-3: the full vector’s start, re-normalised', async () => {
    const full = fakeEmbedding('hello', 1536);
    const short = (await embed({ input: 'hello', dimensions: 4 })).data[0]?.embedding as number[];
    const start = full.slice(0, 4);
    expect(short).toHaveLength(4);
    short.forEach((x, i) => expect(x).toBeCloseTo((start[i] ?? 0) / norm(start), 6));
  });

  it('encodes base64 little-endian float32 when asked, the same numbers as floats', async () => {
    const floats = await embed({ input: 'hello', dimensions: 16 });
    const base64 = await embed({ input: 'hello', dimensions: 16, encoding_format: 'base64' });
    expect(typeof base64.data[0]?.embedding).toBe('string');
    expect(fromBase64(base64.data[0]?.embedding as string)).toEqual(floats.data[0]?.embedding);
  });

  it('embeds token ids, counting each id as a token', async () => {
    const list = await embed({ input: [[1, 2, 3], [4]], dimensions: 2 });
    expect(list.data).toHaveLength(2);
    expect(list.usage.prompt_tokens).toBe(4);
  });

  it.each([
    ['an empty string', { input: '' }, null],
    ['a mixed list', { input: ['a', 1] }, null],
    ['too many dimensions', { input: 'a', dimensions: 4096 }, 'dimensions'],
    ['dimensions on ada-002', { input: 'a', dimensions: 8, model: 'text-embedding-ada-002' }, 'dimensions'],
  ])('refuses %s with a 400', async (_name, body, param) => {
    const res = await post({ model: 'text-embedding-3-small', ...body });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error', param } });
  });

  it('checks the API key as for chat', async () => {
    expect((await post({ model: 'text-embedding-3-small', input: 'a' }, null)).status).toBe(401);
  });

  it('plays the failing scenarios', async () => {
    expect((await post({ model: 'rate-limited', input: 'a' })).status).toBe(429);
    upstream.set({ scenario: 'server-error' });
    expect((await post({ model: 'text-embedding-3-small', input: 'a' })).status).toBe(500);
  });
});
