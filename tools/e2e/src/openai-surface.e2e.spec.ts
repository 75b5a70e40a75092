import OpenAI from 'openai';
import { embeddingFromBase64 } from '@switchyard/openai';
import { openAISchemaValidator, startFakeOpenAI, testModelsDir, type FakeUpstream } from '@switchyard/testing';
import { WebSocket } from 'ws';
import { startStack, type Stack } from './stack';

const OPENAI_KEY = 'sk-test-surface-0123456789';
const INSTRUCT = 'openai:gpt-3.5-turbo-instruct';
const EMBEDDER = 'openai:text-embedding-3-small';

/** One message the WebSocket endpoint sends. */
interface SocketMessage {
  type: string;
  id: string | null;
  data?: { choices: Array<{ delta: { content?: string } }>; model: string };
  route?: string;
  status?: number;
}

describe('the OpenAI surface beyond chat: completions, embeddings, models, WebSocket', () => {
  let upstream: FakeUpstream;
  let stack: Stack;
  let client: OpenAI;
  const spec = openAISchemaValidator();

  beforeAll(async () => {
    upstream = await startFakeOpenAI({ apiKey: OPENAI_KEY });
    stack = await startStack({
      modelsDir: testModelsDir(),
      privateNats: true,
      extraEnv: { E2E_SURFACE_KEY: OPENAI_KEY },
      cloudProviders: [
        {
          name: 'openai',
          kind: 'openai',
          baseUrl: upstream.url,
          apiKeyEnv: 'E2E_SURFACE_KEY',
          models: [
            'gpt-4o-mini',
            { name: 'gpt-3.5-turbo-instruct', capabilities: ['completions'] },
            { name: 'text-embedding-3-small', capabilities: ['embeddings'] },
          ],
        },
      ],
      expectModels: [INSTRUCT, EMBEDDER, 'local:stories260k'],
    });
    client = new OpenAI({ baseURL: stack.baseURL, apiKey: 'not-needed', maxRetries: 0 });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await upstream?.close();
  });

  function expectValid(schema: string, value: unknown): void {
    expect(spec.validate(schema, value).errors).toEqual([]);
  }

  it('answers a text completion from the cloud backend, valid against the spec', async () => {
    const completion = await client.completions.create({ model: INSTRUCT, prompt: 'Say this is a test', max_tokens: 7 });
    expect(completion.object).toBe('text_completion');
    expect(completion.id).toMatch(/^cmpl-/);
    expect(completion.model).toBe(INSTRUCT);
    expect(completion.choices[0].text.length).toBeGreaterThan(0);
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0));
    expectValid('CreateCompletionResponse', completion);
  });

  it('streams a text completion as text_completion chunks ending in a finish reason', async () => {
    const stream = await client.completions.create({ model: INSTRUCT, prompt: 'Say this is a test', max_tokens: 7, stream: true });
    const chunks: OpenAI.Completions.Completion[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.object === 'text_completion' && c.model === INSTRUCT)).toBe(true);
    expect(chunks.filter((c) => c.choices[0]?.finish_reason).map((c) => c.choices[0].finish_reason)).toHaveLength(1);
    expect(chunks.map((c) => c.choices[0]?.text ?? '').join('').length).toBeGreaterThan(0);
  });

  it('embeds with floats and base64 that decode to the same vectors', async () => {
    const input = ['The quick brown fox', 'jumps over the lazy dog'];
    const floats = await client.embeddings.create({ model: EMBEDDER, input, encoding_format: 'float' });
    expectValid('CreateEmbeddingResponse', floats);
    expect(floats.data.map((d) => d.index)).toEqual([0, 1]);
    const raw = await fetch(`${stack.baseURL}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: EMBEDDER, input, encoding_format: 'base64' }),
    });
    const base64 = (await raw.json()) as { data: Array<{ embedding: string }> };
    for (const [i, item] of base64.data.entries()) {
      const decoded = embeddingFromBase64(item.embedding);
      expect(decoded).toHaveLength(floats.data[i].embedding.length);
      decoded.forEach((value, j) => expect(value).toBeCloseTo(floats.data[i].embedding[j], 6));
    }
    expect(floats.data[0].embedding).not.toEqual(floats.data[1].embedding);
  });

  it('refuses a chat request on an embedding-only model, and embeddings on a chat-only one, naming the model', async () => {
    await expect(client.chat.completions.create({ model: EMBEDDER, messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({ status: 400, param: 'model' });
    await expect(client.embeddings.create({ model: 'openai:gpt-4o-mini', input: 'x' })).rejects.toMatchObject({ status: 400, param: 'model' });
  });

  it('lists and retrieves models, 404 for an unknown one', async () => {
    const list = await client.models.list();
    expect(list.data.map((m) => m.id)).toEqual(expect.arrayContaining(['auto', INSTRUCT, EMBEDDER, 'local:stories260k']));
    const model = await client.models.retrieve(EMBEDDER);
    expect(model).toMatchObject({ id: EMBEDDER, object: 'model', owned_by: 'openai' });
    expectValid('Model', model);
    await expect(client.models.retrieve('openai:nope')).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('streams two requests over one WebSocket through the real gateway', async () => {
    const ws = new WebSocket(`${stack.gateway.url.replace('http', 'ws')}/v1/chat/completions`);
    const messages: SocketMessage[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as SocketMessage));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ id: 'local', body: { model: 'local:stories260k', messages: [{ role: 'user', content: 'Once' }], max_tokens: 8 } }));
    ws.send(JSON.stringify({ id: 'cloud', body: { model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] } }));
    const deadline = Date.now() + 15_000;
    while (messages.filter((m) => m.type === 'done').length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    ws.close();
    for (const [id, model] of [
      ['local', 'local:stories260k'],
      ['cloud', 'openai:gpt-4o-mini'],
    ]) {
      const mine = messages.filter((m) => m.id === id);
      expect(mine[0]).toMatchObject({ type: 'started', route: `selected=${model}; policy=edge-first` });
      expect(mine.at(-1)).toEqual({ type: 'done', id });
      const chunks = mine.filter((m) => m.type === 'chunk').map((m) => m.data);
      for (const chunk of chunks) expectValid('CreateChatCompletionStreamResponse', chunk);
      expect(chunks.every((c) => c?.model === model)).toBe(true);
      expect(chunks.map((c) => c?.choices[0]?.delta.content ?? '').join('').length).toBeGreaterThan(0);
    }
  });

  it('refuses a WebSocket upgrade on another path with an OpenAI-shaped 404', async () => {
    const ws = new WebSocket(`${stack.gateway.url.replace('http', 'ws')}/v1/nothing`);
    const status = await new Promise<number>((resolve) => ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(404);
  });

  describe('on the local model', () => {
    const STORY = 'local:stories260k';

    it('completes a raw prompt with echo and stop, streamed and not, valid against the spec', async () => {
      const completion = await client.completions.create({ model: STORY, prompt: 'Once upon a time', max_tokens: 12, echo: true, seed: 3 });
      expect(completion.model).toBe(STORY);
      expect(completion.choices[0].text.startsWith('Once upon a time')).toBe(true);
      expectValid('CreateCompletionResponse', completion);
      const stream = await client.completions.create({ model: STORY, prompt: 'Once upon a time', max_tokens: 12, stream: true, stream_options: { include_usage: true } });
      const chunks: OpenAI.Completions.Completion[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);
      expect(chunks.filter((c) => c.choices[0]?.finish_reason)).toHaveLength(1);
    });

    it('returns legacy logprobs whose tokens spell the text', async () => {
      const completion = await client.completions.create({ model: STORY, prompt: 'The cat', max_tokens: 6, logprobs: 2, temperature: 0 });
      const logprobs = completion.choices[0].logprobs;
      expect(logprobs?.tokens?.join('')).toBe(completion.choices[0].text);
      expect(logprobs?.text_offset?.[0]).toBe(0);
      expect(logprobs?.top_logprobs?.every((top) => Object.keys(top ?? {}).length <= 2)).toBe(true);
      expectValid('CreateCompletionResponse', completion);
    });

    it('embeds locally: float and base64 give the same unit vectors, equal inputs equal vectors', async () => {
      const floats = await client.embeddings.create({ model: STORY, input: ['a cat', 'a dog', 'a cat'], encoding_format: 'float' });
      expectValid('CreateEmbeddingResponse', floats);
      const [cat, dog, again] = floats.data.map((d) => d.embedding);
      expect(again).toEqual(cat);
      expect(dog).not.toEqual(cat);
      expect(Math.sqrt(cat.reduce((sum, x) => sum + x * x, 0))).toBeCloseTo(1, 4);
      const raw = await fetch(`${stack.baseURL}/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: STORY, input: 'a cat', encoding_format: 'base64' }),
      });
      const decoded = embeddingFromBase64(((await raw.json()) as { data: Array<{ embedding: string }> }).data[0].embedding);
      decoded.forEach((value, i) => expect(value).toBeCloseTo(cat[i], 6));
    });

    it('answers chat with n: 2 as two choices', async () => {
      const completion = await client.chat.completions.create({ model: STORY, messages: [{ role: 'user', content: 'Once' }], n: 2, max_tokens: 8 });
      expect(completion.choices.map((c) => c.index)).toEqual([0, 1]);
      expectValid('CreateChatCompletionResponse', completion);
    });

    it('returns JSON that parses and fits the schema in JSON Schema mode', async () => {
      const completion = await client.chat.completions.create({
        model: STORY,
        messages: [{ role: 'user', content: 'Pick a pet.' }],
        max_tokens: 60,
        seed: 1,
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'pet', schema: { type: 'object', properties: { pet: { enum: ['cat', 'dog'] }, legs: { type: 'integer' } }, required: ['pet', 'legs'], additionalProperties: false } },
        },
      });
      expect(completion.choices[0].finish_reason).toBe('stop');
      const value = JSON.parse(completion.choices[0].message.content ?? '') as { pet: string; legs: number };
      expect(['cat', 'dog']).toContain(value.pet);
      expect(Number.isInteger(value.legs)).toBe(true);
    });
  });
});
