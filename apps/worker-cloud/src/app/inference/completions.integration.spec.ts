import { SUBJECTS, WorkerHeartbeatSchema, type StreamPart, type WorkerHeartbeat } from '@switchyard/contracts';
import { NatsTransport, decodeJson, type Closeable } from '@switchyard/nats';
import { startFakeAnthropic, startFakeOpenAI, startTestNats, waitFor, type FakeUpstream, type TestNats } from '@switchyard/testing';
import { inferParts, shapeOf, startCloudWorker, textsOf, type RunningCloudWorker } from '../testing/cloud-worker-harness';

jest.setTimeout(30_000);

const KEY = 'sk-it-completions-key';
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

describe('worker-cloud text completions over NATS, against a fake OpenAI', () => {
  let nats: TestNats;
  let bus: NatsTransport;
  let openai: FakeUpstream;
  let anthropic: FakeUpstream;
  let worker: RunningCloudWorker;
  let claude: RunningCloudWorker;
  let sub: Closeable;
  const heartbeats = new Map<string, WorkerHeartbeat>();

  beforeAll(async () => {
    nats = await startTestNats();
    bus = await NatsTransport.connect({ url: nats.url, name: 'worker-cloud-completions-test' });
    sub = bus.subscribe(SUBJECTS.workerHeartbeat, (message) => {
      const heartbeat = decodeJson(message.data, WorkerHeartbeatSchema);
      heartbeats.set(heartbeat.workerId, heartbeat);
    });
    openai = await startFakeOpenAI({ apiKey: KEY });
    anthropic = await startFakeAnthropic();
    worker = await startCloudWorker(
      nats.url,
      {
        name: 'oai',
        kind: 'openai-compatible',
        baseUrl: openai.url,
        apiKeyEnv: 'IT_OAI_KEY',
        maxRetries: 1,
        models: [
          'gpt-4o-mini',
          { name: 'instruct', upstream: 'gpt-3.5-turbo-instruct', capabilities: ['completions'] },
          { name: 'flaky', upstream: 'rate-limited', capabilities: ['completions'] },
          { name: 'broken', upstream: 'error-mid-stream', capabilities: ['completions'] },
          { name: 'picky', upstream: 'bad-request', capabilities: ['completions'] },
        ],
      },
      { IT_OAI_KEY: KEY },
    );
    claude = await startCloudWorker(nats.url, { name: 'claude', kind: 'anthropic', baseUrl: anthropic.url, models: ['claude-3-5-haiku-latest'] });
  });

  afterAll(async () => {
    sub?.close();
    await worker?.close();
    await claude?.close();
    await bus?.close(0);
    await openai?.close();
    await anthropic?.close();
    await nats?.stop();
  });

  const complete = (model: string, body: Record<string, unknown> = {}, target?: string): Promise<StreamPart[]> =>
    inferParts(bus, worker.workerId, { kind: 'completion', body: { model, prompt: 'Once upon a time', ...body }, ...(target ? { target } : {}) });
  const lastBody = (): Record<string, unknown> => {
    const body = openai.requests.filter((r) => r.method === 'POST').at(-1)?.body;
    return isRecord(body) ? body : {};
  };

  it('advertises each model’s configured capabilities, and chat defaults for the rest', async () => {
    await waitFor(() => heartbeats.has(worker.workerId) && heartbeats.has(claude.workerId), 3_000, 'heartbeats');
    const models = heartbeats.get(worker.workerId)?.models.map((m) => [m.name, m.capabilities]);
    expect(models?.slice(0, 2)).toEqual([
      ['gpt-4o-mini', ['chat', 'tools', 'json']],
      ['instruct', ['completions']],
    ]);
    expect(heartbeats.get(claude.workerId)?.models.map((m) => m.capabilities)).toEqual([['chat', 'tools', 'continue']]);
  });

  it('streams a completion as delta, finish and usage parts, asking the upstream for usage', async () => {
    const parts = await complete('instruct', { stream: true, max_tokens: 50 });
    expect(shapeOf(parts)).toEqual(['start', 'delta*', 'finish', 'usage']);
    expect(parts[0]).toMatchObject({ type: 'start', backend: 'oai:instruct', workerId: worker.workerId });
    expect(textsOf(parts)).toEqual({ 0: 'Echo: Once upon a time' });
    expect(parts.slice(-2)).toEqual([
      { type: 'finish', index: 0, reason: 'stop' },
      { type: 'usage', promptTokens: 4, completionTokens: 5, workerMs: expect.any(Number), firstTokenMs: expect.any(Number) },
    ]);
    const sent = openai.requests.filter((r) => r.method === 'POST').at(-1);
    expect(sent).toMatchObject({ path: '/v1/completions', headers: { authorization: `Bearer ${KEY}` } });
    expect(sent?.body).toEqual({ model: 'gpt-3.5-turbo-instruct', prompt: 'Once upon a time', max_tokens: 50, stream: true, stream_options: { include_usage: true } });
  });

  it('answers n choices for each of several prompts, whole, each finished at its stop sequence', async () => {
    const parts = await complete('instruct', { prompt: ['red', 'blue'], n: 2, stop: ['u'] });
    expect(textsOf(parts)).toEqual({ 0: 'Echo: red', 1: 'Echo: red', 2: 'Echo: bl', 3: 'Echo: bl' });
    expect(parts.filter((p) => p.type === 'finish').map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(parts.at(-1)).toEqual({ type: 'usage', promptTokens: 2, completionTokens: 18, workerMs: expect.any(Number), firstTokenMs: expect.any(Number) });
    expect(lastBody()).toMatchObject({ n: 2, stop: ['u'], stream: false });
    expect(lastBody()).not.toHaveProperty('stream_options');
  });

  it('carries legacy logprobs, echoed prompt included, in token form', async () => {
    const parts = await complete('instruct', { prompt: 'Hi', echo: true, logprobs: 1, max_tokens: 2, stream: true });
    const tokens = parts.flatMap((p) => (p.type === 'delta' ? (p.logprobs ?? []) : []));
    expect(tokens.map((t) => [t.token, t.logprob, t.top_logprobs.map((top) => top.token)])).toEqual([
      ['Hi', 0, []],
      ['E', -0.1, ['E']],
      ['ch', -0.2, ['ch']],
    ]);
    expect(textsOf(parts)).toEqual({ 0: 'HiEch' });
    expect(parts.filter((p) => p.type === 'finish')).toEqual([{ type: 'finish', index: 0, reason: 'length' }]);
  });

  it.each([
    ['a 429, retried then left to the router', 'flaky', { code: 'rate_limit_exceeded', retryable: true }, 2],
    ['a 400, passed on with its param', 'picky', { code: 'invalid_request', retryable: false, param: 'prompt' }, 1],
  ])('maps %s as for chat', async (_name, model, error, calls) => {
    const upstream = model === 'flaky' ? 'rate-limited' : 'bad-request';
    const before = openai.hits(upstream);
    const parts = await complete(model, { stream: true });
    expect(parts).toEqual([expect.objectContaining({ type: 'error', ...error })]);
    expect(openai.hits(upstream) - before).toBe(calls);
  });

  it('ends a stream that fails after output with an error part, not retryable', async () => {
    const parts = await complete('broken', { stream: true });
    expect(shapeOf(parts)).toEqual(['start', 'delta*', 'error']);
    expect(parts.at(-1)).toMatchObject({ code: 'upstream_error', retryable: false });
  });

  it('withholds the text of a rejected key', async () => {
    openai.set({ apiKey: 'sk-another-key' });
    try {
      const parts = await complete('instruct');
      expect(parts).toEqual([expect.objectContaining({ type: 'error', code: 'upstream_authentication_error', retryable: false })]);
      expect(JSON.stringify(parts)).not.toContain('sk-it');
    } finally {
      openai.set({ apiKey: KEY });
    }
  });

  it.each([
    ['a completion to a chat model', 'oai', 'completion', 'oai:gpt-4o-mini', 'text completions'],
    ['a chat to an instruct model', 'oai', 'chat', 'oai:instruct', 'chat completions'],
    ['a completion pinned to Anthropic', 'claude', 'completion', 'claude:claude-3-5-haiku-latest', 'text completions'],
    ['embeddings pinned to Anthropic', 'claude', 'embeddings', 'claude:claude-3-5-haiku-latest', 'embeddings'],
  ] as const)('refuses %s with a 400 naming model, without calling the upstream', async (_name, which, kind, target, label) => {
    const posts = [openai, anthropic].map((u) => u.requests.filter((r) => r.method === 'POST').length);
    const id = which === 'oai' ? worker.workerId : claude.workerId;
    const bodies = {
      chat: { model: target, messages: [{ role: 'user' as const, content: 'Hi' }] },
      completion: { model: target, prompt: 'Hi' },
      embeddings: { model: target, input: 'Hi' },
    };
    const ask = kind === 'chat' ? { kind, body: bodies.chat } : kind === 'completion' ? { kind, body: bodies.completion } : { kind, body: bodies.embeddings };
    expect(await inferParts(bus, id, ask)).toEqual([
      { type: 'error', code: 'invalid_request', message: `The model '${target}' does not support ${label}.`, param: 'model', retryable: false },
    ]);
    expect([openai, anthropic].map((u) => u.requests.filter((r) => r.method === 'POST').length)).toEqual(posts);
  });
});
