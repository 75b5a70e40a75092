import OpenAI from 'openai';
import { openAISchemaValidator, testModelsDir, waitFor } from '@switchyard/testing';
import { startStack, type Stack } from './stack';

const STORY = 'local:stories260k';
const SLOW = 'local:llama-2-tiny-random';
const AUTO_SELECTED = /^auto \(selected: local:(stories260k|llama-2-tiny-random)\)$/;

interface WorkerStatus {
  inFlight: number;
  cancelled: number;
  lastCancelled?: { requestId: string; generatedTokens: number } | null;
}

describe('the stack driven by the official openai client', () => {
  let stack: Stack;
  let client: OpenAI;
  const spec = openAISchemaValidator();

  beforeAll(async () => {
    stack = await startStack({ modelsDir: testModelsDir() });
    client = new OpenAI({ baseURL: stack.baseURL, apiKey: 'not-needed', maxRetries: 0 });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  function expectValid(schema: string, value: unknown): void {
    const result = spec.validate(schema, value);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  }

  it('lists auto and every local model', async () => {
    const models = await client.models.list();
    const ids = models.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['auto', STORY, SLOW]));
    expect(ids[0]).toBe('auto');
    expectValid('ListModelsResponse', { object: 'list', data: models.data });
  });

  it('answers a non-streamed chat completion with model auto', async () => {
    const completion = await client.chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: 'Once upon a time' }],
      max_tokens: 24,
    });
    expect(completion.model).toMatch(AUTO_SELECTED);
    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.choices).toHaveLength(1);
    expect(typeof completion.choices[0].message.content).toBe('string');
    expect(['stop', 'length']).toContain(completion.choices[0].finish_reason);
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0));
    expectValid('CreateChatCompletionResponse', completion);
  });

  it('stops at max_tokens with finish_reason length and exactly that many completion tokens', async () => {
    const completion = await client.chat.completions.create({
      model: STORY,
      messages: [{ role: 'user', content: 'Tell me a story about a cat.' }],
      max_tokens: 5,
    });
    expect(completion.model).toBe(STORY);
    expect(completion.choices[0].finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(5);
    expect((completion.choices[0].message.content ?? '').length).toBeGreaterThan(0);
  });

  it('streams a pinned model as chat.completion.chunk events with usage at the end', async () => {
    const stream = await client.chat.completions.create({
      model: STORY,
      messages: [{ role: 'user', content: 'Once upon a time' }],
      max_tokens: 5,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    for (const chunk of chunks) expectValid('CreateChatCompletionStreamResponse', chunk);
    expect(chunks.every((c) => c.model === STORY)).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    const finish = chunks.filter((c) => c.choices[0]?.finish_reason);
    expect(finish).toHaveLength(1);
    expect(finish[0].choices[0].finish_reason).toBe('length');
    const last = chunks[chunks.length - 1];
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBe(5);
    expect(last.usage?.prompt_tokens).toBeGreaterThan(0);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text.length).toBeGreaterThan(0);
  });

  it('streams with model auto and ends with [DONE] on the wire', async () => {
    const res = await fetch(`${stack.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 8, stream: true }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const events = (await res.text()).split('\n\n').filter((e) => e !== '');
    expect(events[events.length - 1]).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.replace(/^data: /, '')) as { model: string; usage?: unknown });
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const chunk of chunks) {
      expect(chunk.model).toMatch(AUTO_SELECTED);
      expect(chunk).not.toHaveProperty('usage');
      expectValid('CreateChatCompletionStreamResponse', chunk);
    }
  });

  it('honours stop sequences', async () => {
    const completion = await client.chat.completions.create({
      model: STORY,
      messages: [{ role: 'user', content: 'Once upon a time' }],
      max_tokens: 200,
      stop: ['.', ','],
      temperature: 0,
    });
    const text = completion.choices[0].message.content ?? '';
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(text).not.toMatch(/[.,]/);
  });

  it('answers the same routes without the /v1 prefix', async () => {
    const res = await fetch(`${stack.gateway.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: STORY, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 3 }),
    });
    expect(res.status).toBe(200);
    expectValid('CreateChatCompletionResponse', await res.json());
    const models = await fetch(`${stack.gateway.url}/models`);
    expect(models.status).toBe(200);
  });

  it('stops generation on the worker when the client disconnects mid-stream', async () => {
    const before = (await (await fetch(`${stack.workerLocal.url}/status`)).json()) as WorkerStatus;
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: SLOW, messages: [{ role: 'user', content: 'Write forever.' }], max_tokens: 1000, stream: true },
      { signal: controller.signal },
    );
    let contentChunks = 0;
    let finished = false;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.finish_reason) finished = true;
      if (chunk.choices[0]?.delta.content) contentChunks++;
      if (contentChunks === 3) {
        controller.abort();
        break;
      }
    }
    expect(contentChunks).toBe(3);
    expect(finished).toBe(false);
    let after: WorkerStatus = before;
    await waitFor(
      async () => {
        after = (await (await fetch(`${stack.workerLocal.url}/status`)).json()) as WorkerStatus;
        return after.cancelled === before.cancelled + 1 && after.inFlight === 0;
      },
      3_000,
      'the worker to cancel the generation',
    );
    expect(after.lastCancelled?.generatedTokens).toBeGreaterThanOrEqual(3);
    expect(after.lastCancelled?.generatedTokens).toBeLessThan(200);
  });

  it('reports every service healthy and ready', async () => {
    for (const service of [stack.gateway, stack.router, stack.workerLocal, stack.workerCloud, stack.metrics]) {
      const health = (await (await fetch(`${service.url}/health`)).json()) as { status: string; version: string };
      expect(health.status).toBe('ok');
      expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
      expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
    }
  });
});
