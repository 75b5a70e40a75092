import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigSchema } from '@switchyard/config';
import { SUBJECTS, WorkerGoodbyeSchema, WorkerHeartbeatSchema, workerInferSubject, type StreamPart, type WorkerHeartbeat } from '@switchyard/contracts';
import { NatsTransport, decodeJson, encodeJson, type Closeable } from '@switchyard/nats';
import { createLogger } from '@switchyard/observability';
import { bootstrapService } from '@switchyard/runtime';
import { freePort, startTestNats, testModelPath, waitFor, type TestNats } from '@switchyard/testing';
import { AppModule } from './app.module';
import { loadNodeLlamaCpp } from './engine/load-node-llama-cpp';
import type { WorkerStatus } from './status/worker-status';
import { inferParts, shapeOf, textOf } from './testing/worker-client';

/** 1 thread: on the 2-core test machines 2 threads run 30x slower (see resolve-threads.ts). */
const THREADS = 1;
const PROMPT = 'Once upon a time';
const STORIES = 'local:stories260k';
const TINY = 'local:tiny';
const TINY_CONTEXT = 4096;

jest.setTimeout(30_000);

describe('worker-local over NATS with real llama.cpp inference', () => {
  const workerId = `it-${process.pid}-${Date.now().toString(36)}`;
  const heartbeats: WorkerHeartbeat[] = [];
  let nats: TestNats;
  let client: NatsTransport;
  let app: NestFastifyApplication;
  let statusUrl: string;
  let heartbeatSub: Closeable;

  const status = async (): Promise<WorkerStatus> => (await fetch(statusUrl)).json() as Promise<WorkerStatus>;
  const infer = (body: Parameters<typeof inferParts>[2], options: Partial<Parameters<typeof inferParts>[3]> = {}): Promise<StreamPart[]> =>
    inferParts(client, workerId, body, { target: STORIES, ...options });

  beforeAll(async () => {
    nats = await startTestNats();
    client = await NatsTransport.connect({ url: nats.url, name: 'worker-local-integration-test' });
    heartbeatSub = client.subscribe(SUBJECTS.workerHeartbeat, (message) => {
      const heartbeat = decodeJson(message.data, WorkerHeartbeatSchema);
      if (heartbeat.workerId === workerId) heartbeats.push(heartbeat);
    });
    const port = await freePort();
    const config = ConfigSchema.parse({
      nats: { url: nats.url },
      workerLocal: {
        id: workerId,
        host: '127.0.0.1',
        port,
        gpu: false,
        threads: THREADS,
        heartbeatMs: 5_000,
        models: [
          { path: testModelPath('stories260K.gguf'), contextSize: 512, concurrency: 2 },
          { name: 'tiny', path: testModelPath('llama-2-tiny-random.gguf'), contextSize: TINY_CONTEXT, concurrency: 1, maxQueue: 1 },
        ],
      },
    });
    const logger = createLogger('worker-local', process.env['TEST_LOG_LEVEL'] ?? 'silent');
    app = await bootstrapService({ service: 'worker-local', module: AppModule.register(config, logger), host: '127.0.0.1', port, logger });
    statusUrl = `http://127.0.0.1:${port}/status`;
  });

  afterAll(async () => {
    heartbeatSub?.close();
    await app?.close();
    await client?.close(0);
    await nats?.stop();
  });

  it('announces itself with a heartbeat listing its models', async () => {
    await waitFor(() => heartbeats.length > 0, 2_000, 'a heartbeat');
    expect(heartbeats[0]).toMatchObject({
      kind: 'local',
      provider: 'local',
      subject: workerInferSubject(workerId),
      models: [
        { name: 'stories260k', contextLength: 512, capabilities: ['chat', 'completions', 'embeddings', 'json', 'tools', 'continue'] },
        { name: 'tiny', contextLength: TINY_CONTEXT, capabilities: ['chat', 'completions', 'embeddings', 'json', 'tools', 'continue'] },
      ],
      capacity: 3,
      maxQueue: 9,
      draining: false,
      intervalMs: 5_000,
    });
  });

  it('reports its host CPU and memory in heartbeats, and no GPUs when llama.cpp runs on the CPU', async () => {
    await waitFor(() => heartbeats.length > 0, 2_000, 'a heartbeat');
    const { resources } = heartbeats[0];
    expect(resources).toBeDefined();
    expect(resources?.cpu.cores).toBeGreaterThanOrEqual(1);
    expect(resources?.cpu.processUtilisation).toBeGreaterThan(0);
    expect(resources?.memory.processRssBytes).toBeGreaterThan(0);
    expect(resources?.memory.availableBytes).toBeLessThanOrEqual(resources?.memory.totalBytes ?? 0);
    expect(resources).not.toHaveProperty('gpus');
  });

  it('answers a discover request with a heartbeat at once', async () => {
    const before = heartbeats.length;
    const asked = Date.now();
    client.publish(SUBJECTS.workerDiscover, encodeJson({}));
    await waitFor(() => heartbeats.length > before, 1_000, 'a heartbeat after discover');
    expect(Date.now() - asked).toBeLessThan(1_000);
  });

  it('reports ready: NATS connected and models loaded', async () => {
    const response = await fetch(statusUrl.replace('/status', '/health/ready'));
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toEqual({ status: 'ready', checks: { nats: true, models: true, accepting: true } });
  });

  it('serves its process metrics on /metrics, labelled worker-local', async () => {
    const response = await fetch(statusUrl.replace('/status', '/metrics'));
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^process_resident_memory_bytes\{service="worker-local"\} \d+/m);
  });

  it("streams start, deltas, finish 'length' and usage for max_tokens 5, counting real tokens", async () => {
    // The prompt length as llama.cpp itself evaluates it: a separate context, its own chat, one token.
    const lib = await loadNodeLlamaCpp();
    const llama = await lib.getLlama({ gpu: false, build: 'never', logLevel: lib.LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath: testModelPath('stories260K.gguf') });
    const context = await model.createContext({ contextSize: 512, threads: THREADS });
    const sequence = context.getSequence();
    await new lib.LlamaChat({ contextSequence: sequence }).generateResponse([{ type: 'user', text: PROMPT }], { maxTokens: 1 });
    const evaluatedPrompt = sequence.contextTokens.length; // the one sampled token is never evaluated
    await context.dispose();
    await model.dispose();

    const parts = await infer({ messages: [{ role: 'user', content: PROMPT }], max_tokens: 5 });
    expect(shapeOf(parts)).toEqual(['start', 'delta*', 'finish', 'usage']);
    expect(parts[0]).toEqual({ type: 'start', backend: STORIES, model: STORIES, workerId });
    expect(parts.at(-2)).toEqual({ type: 'finish', index: 0, reason: 'length' });
    expect(evaluatedPrompt).toBeGreaterThan(5);
    expect(parts.at(-1)).toEqual({ type: 'usage', promptTokens: evaluatedPrompt, completionTokens: 5, workerMs: expect.any(Number), firstTokenMs: expect.any(Number) });
    const usage = parts.at(-1) as { workerMs: number; firstTokenMs: number };
    expect(usage.firstTokenMs).toBeLessThanOrEqual(usage.workerMs);
  });

  it("ends with 'stop' at a stop sequence, which is left out of the text", async () => {
    const free = await infer({ temperature: 0, max_tokens: 30 });
    const text = textOf(free);
    expect(text).toContain('.');
    const stopped = await infer({ temperature: 0, max_tokens: 30, stop: ['.'] });
    expect(stopped.at(-2)).toEqual({ type: 'finish', index: 0, reason: 'stop' });
    expect(textOf(stopped)).toBe(text.slice(0, text.indexOf('.')));
  });

  it('gives the same text for the same seed', async () => {
    const body = { temperature: 1, seed: 1234, max_tokens: 20 };
    const [first, second] = [await infer(body), await infer(body)];
    expect(textOf(first).length).toBeGreaterThan(0);
    expect(textOf(second)).toBe(textOf(first));
  });

  it('honours the local engines’ sampling parameters: top_k, min_p and repetition_penalty', async () => {
    const greedy = textOf(await infer({ temperature: 0, max_tokens: 40 }));
    const hot = { temperature: 1.8, max_tokens: 40 };
    const sampled = await Promise.all([1, 2, 3].map(async (seed) => textOf(await infer({ ...hot, seed }))));
    // Sampled hot, the text leaves the greedy path; top_k 1 or min_p 1 keep only the likeliest token.
    expect(sampled.some((text) => text !== greedy)).toBe(true);
    for (const seed of [1, 2, 3]) {
      expect(textOf(await infer({ ...hot, seed, top_k: 1 }))).toBe(greedy);
      expect(textOf(await infer({ ...hot, seed, min_p: 1 }))).toBe(greedy);
    }
    // Off values change nothing: Inferneo's default top_k -1, min_p 0, repetition_penalty 1.
    expect(textOf(await infer({ temperature: 0, max_tokens: 40, top_k: -1, min_p: 0, repetition_penalty: 1 }))).toBe(greedy);
    expect(textOf(await infer({ temperature: 0, max_tokens: 40, repetition_penalty: 2 }))).not.toBe(greedy);
  });

  it('generates until the context is full when max_tokens is absent', async () => {
    const parts = await infer({ temperature: 0 });
    const usage = parts.at(-1);
    expect(parts.at(-2)).toEqual({ type: 'finish', index: 0, reason: 'length' });
    if (usage?.type !== 'usage') throw new Error('expected usage last');
    expect(usage.promptTokens + usage.completionTokens).toBe(512);
  });

  it('runs two generations at once on a model with concurrency 2', async () => {
    const events: string[] = [];
    const run = (name: string): Promise<StreamPart[]> =>
      infer({ max_tokens: 300, temperature: 1 }, { onPart: (part) => part.type !== 'delta' && events.push(`${name}:${part.type}`) });
    const [a, b] = await Promise.all([run('a'), run('b')]);
    expect(shapeOf(a)).toEqual(['start', 'delta*', 'finish', 'usage']);
    expect(shapeOf(b)).toEqual(['start', 'delta*', 'finish', 'usage']);
    expect(events.slice(0, 2).sort()).toEqual(['a:start', 'b:start']);
  });

  it("refuses a prompt that does not fit with 'context_length_exceeded' on messages", async () => {
    const parts = await infer({ messages: [{ role: 'user', content: 'Once upon a time, there was a cat. '.repeat(80) }] });
    expect(parts).toEqual([expect.objectContaining({ type: 'error', code: 'context_length_exceeded', param: 'messages' })]);
  });

  it.each<[string, Parameters<typeof inferParts>[2], string]>([
    ['a custom tool', { tools: [{ type: 'custom', custom: { name: 'grep' } }] }, 'tools[0]'],
    ['an image part', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] }, 'messages[0].content[0]'],
  ])("refuses %s with 'unsupported_parameter' naming it", async (_name, body, param) => {
    const parts = await infer(body);
    expect(parts).toEqual([expect.objectContaining({ type: 'error', code: 'unsupported_parameter', param, retryable: false })]);
  });

  it("answers 'model_not_found' for a model it does not serve", async () => {
    const parts = await infer({}, { target: 'local:nope' });
    expect(parts).toEqual([expect.objectContaining({ type: 'error', code: 'model_not_found' })]);
  });

  it('stops generating within a second when the client aborts mid-stream', async () => {
    const before = await status();
    const requestId = `cancel-${Date.now()}`;
    const abort = new AbortController();
    let abortedAt = 0;
    const parts = await infer(
      { max_tokens: 4_000, temperature: 1 },
      {
        target: TINY,
        requestId,
        signal: abort.signal,
        onPart: (_part, received) => {
          if (received.filter((p) => p.type === 'delta').length === 20 && abortedAt === 0) {
            abortedAt = Date.now();
            abort.abort();
          }
        },
      },
    );
    expect(abortedAt).toBeGreaterThan(0);
    expect(parts.map((p) => p.type)).not.toContain('finish');
    await waitFor(async () => {
      const now = await status();
      return now.cancelled === before.cancelled + 1 && now.inFlight === 0;
    }, 1_000, 'the worker to record the cancellation');
    expect(Date.now() - abortedAt).toBeLessThan(1_000);
    const after = await status();
    expect(after.lastCancelled?.requestId).toBe(requestId);
    expect(after.lastCancelled?.generatedTokens).toBeGreaterThanOrEqual(20);
    expect(after.lastCancelled?.generatedTokens).toBeLessThan(400);
  });

  it("answers 'backend_busy', retryable, at once when the model's queue is full", async () => {
    const before = await status();
    const running = new AbortController();
    const queued = new AbortController();
    let startRunning: () => void = () => undefined;
    const runningStarted = new Promise<void>((resolve) => (startRunning = resolve));
    const first = infer({ max_tokens: 4_000 }, { target: TINY, signal: running.signal, onPart: (p) => p.type === 'start' && startRunning() });
    await runningStarted;
    const second = infer({ max_tokens: 4_000 }, { target: TINY, signal: queued.signal });
    await waitFor(async () => (await status()).queued === 1, 2_000, 'the second request to queue');

    const asked = Date.now();
    const third = await infer({ max_tokens: 5 }, { target: TINY });
    expect(Date.now() - asked).toBeLessThan(500);
    expect(third).toEqual([expect.objectContaining({ type: 'error', code: 'backend_busy', retryable: true })]);
    expect((await status()).busyRejections).toBe(before.busyRejections + 1);

    queued.abort();
    await expect(second).resolves.toEqual([]);
    running.abort();
    await first;
    await waitFor(async () => {
      const now = await status();
      return now.inFlight === 0 && now.queued === 0;
    }, 1_000, 'the worker to be idle');
  });

  it('says goodbye and stops when the app shuts down', async () => {
    const goodbyes: string[] = [];
    const sub = client.subscribe(SUBJECTS.workerGoodbye, (message) => goodbyes.push(decodeJson(message.data, WorkerGoodbyeSchema).workerId));
    // The subscription must reach the server before the goodbye is sent.
    await client.flush();
    await app.close();
    await waitFor(() => goodbyes.includes(workerId), 1_000, 'a goodbye');
    sub.close();
    const lateHeartbeats = heartbeats.length;
    client.publish(SUBJECTS.workerDiscover, encodeJson({}));
    await new Promise((r) => setTimeout(r, 200));
    expect(heartbeats.length).toBe(lateHeartbeats);
  });
});
