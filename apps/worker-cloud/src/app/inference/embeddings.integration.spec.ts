import type { StreamPart } from '@switchyard/contracts';
import { NatsTransport } from '@switchyard/nats';
import { fakeEmbedding, startFakeOpenAI, startTestNats, type FakeUpstream, type TestNats } from '@switchyard/testing';
import { inferParts, shapeOf, startCloudWorker, type RunningCloudWorker } from '../testing/cloud-worker-harness';

jest.setTimeout(30_000);

const KEY = 'sk-it-embeddings-key';
const MODELS = [
  { name: 'small', upstream: 'text-embedding-3-small', capabilities: ['embeddings'] },
  { name: 'down', upstream: 'server-error', capabilities: ['embeddings'] },
  { name: 'picky', upstream: 'bad-request', capabilities: ['embeddings'] },
  { name: 'gone', upstream: 'dies-mid-stream', capabilities: ['embeddings'] },
];

describe('worker-cloud embeddings over NATS, against a fake OpenAI', () => {
  let nats: TestNats;
  let bus: NatsTransport;
  let upstream: FakeUpstream;
  /** kind `openai`: asks the upstream for base64. */
  let openai: RunningCloudWorker;
  /** kind `openai-compatible`: asks the upstream for floats. */
  let compatible: RunningCloudWorker;

  beforeAll(async () => {
    nats = await startTestNats();
    bus = await NatsTransport.connect({ url: nats.url, name: 'worker-cloud-embeddings-test' });
    upstream = await startFakeOpenAI({ apiKey: KEY });
    openai = await startCloudWorker(nats.url, { name: 'openai', kind: 'openai', baseUrl: upstream.url, maxRetries: 1, models: MODELS }, { OPENAI_API_KEY: KEY });
    compatible = await startCloudWorker(nats.url, { name: 'vllm', kind: 'openai-compatible', baseUrl: upstream.url, maxRetries: 1, models: MODELS }, { VLLM_API_KEY: KEY });
  });

  afterAll(async () => {
    await openai?.close();
    await compatible?.close();
    await bus?.close(0);
    await upstream?.close();
    await nats?.stop();
  });

  const embed = (worker: RunningCloudWorker, body: Record<string, unknown>): Promise<StreamPart[]> =>
    inferParts(bus, worker.workerId, { kind: 'embeddings', body: { model: 'small', input: 'hello', ...body } });
  const lastBody = (): unknown => upstream.requests.filter((r) => r.method === 'POST').at(-1)?.body;

  it.each([
    ['base64 from OpenAI', () => openai, 'base64'],
    ['floats from a compatible server', () => compatible, 'float'],
  ])('gets %s and sends one embedding part per input, in order, then usage', async (_name, worker, encoding) => {
    const parts = await embed(worker(), { input: ['hello world', 'goodbye'], dimensions: 8, user: 'u-42', encoding_format: 'base64' });
    expect(shapeOf(parts)).toEqual(['start', 'embedding*', 'usage']);
    expect(parts.slice(1)).toEqual([
      { type: 'embedding', index: 0, vector: fakeEmbedding('hello world', 8) },
      { type: 'embedding', index: 1, vector: fakeEmbedding('goodbye', 8) },
      { type: 'usage', promptTokens: 3, completionTokens: 0, workerMs: expect.any(Number) },
    ]);
    expect(lastBody()).toEqual({ model: 'text-embedding-3-small', input: ['hello world', 'goodbye'], dimensions: 8, user: 'u-42', encoding_format: encoding });
  });

  it('embeds token-id inputs at the model’s native size', async () => {
    const parts = await embed(compatible, { input: [[1, 2, 3], [4]] });
    const vectors = parts.flatMap((p) => (p.type === 'embedding' ? [p.vector] : []));
    expect(vectors).toEqual([fakeEmbedding('1 2 3', 1536), fakeEmbedding('4', 1536)]);
    expect(parts.at(-1)).toEqual({ type: 'usage', promptTokens: 4, completionTokens: 0, workerMs: expect.any(Number) });
  });

  it.each([
    ['a 500, retried then left to the router', 'down', { code: 'upstream_error', retryable: true, param: null }, 2],
    ['a 400, passed on with its param', 'picky', { code: 'invalid_request', retryable: false, param: 'input' }, 1],
    ['a connection dropped before the answer', 'gone', { code: 'service_unavailable', retryable: true }, 2],
  ])('maps %s as for chat', async (_name, model, error, calls) => {
    const name = MODELS.find((m) => m.name === model)?.upstream ?? '';
    const before = upstream.hits(name);
    expect(await embed(openai, { model })).toEqual([expect.objectContaining({ type: 'error', ...error })]);
    expect(upstream.hits(name) - before).toBe(calls);
  });
});
