import OpenAI from 'openai';
import { WebSocket } from 'ws';
import { startFakeOpenAI, testModelPath, testModelsDir, waitFor, type FakeUpstream } from '@switchyard/testing';
import { registryOf, within } from './fault-kit';
import { startStack, type RunningService, type Stack } from './stack';

const CLOUD = 'openai:gpt-4o-mini';
const LOCAL = 'local:llama-2-tiny-random';
const KEY = 'sk-e2e-shutdown-0123456789';
/** The fake upstream answers `Echo: <prompt>` in this many pieces, this far apart: a stream of about 2 s. */
const PIECES = 20;
const PIECE_GAP_MS = 100;
/** llama-2-tiny-random never stops on its own, so it makes exactly this many tokens (about 1–2 s each on CI). */
const LOCAL_TOKENS = 400;

/** What a client saw of one streamed chat completion. */
interface StreamResult {
  text: string;
  finish: string | null;
  completionTokens?: number;
}

/** A streamed request under way: resolves `started` at its first content, `done` when it ends. */
interface OpenStream {
  started: Promise<void>;
  done: Promise<StreamResult>;
}

function openStream(client: OpenAI, model: string, content: string, maxTokens?: number): OpenStream {
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const done = (async (): Promise<StreamResult> => {
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content }],
      stream: true,
      max_tokens: maxTokens,
      // Seeded, so the run repeats; a random-weights model may still end its turn before the limit by chance.
      seed: 3,
      stream_options: { include_usage: true },
    });
    const result: StreamResult = { text: '', finish: null };
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) {
        result.text += choice.delta.content;
        markStarted();
      }
      if (choice?.finish_reason) result.finish = choice.finish_reason;
      if (chunk.usage) result.completionTokens = chunk.usage.completion_tokens;
    }
    return result;
  })();
  // A stream that fails before its first content must not leave `started` waiting forever.
  done.catch(() => markStarted());
  return { started, done };
}

/** Resolves with the exit code (null when a signal ended it) once the process is gone. */
function exitOf(service: RunningService): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = service.process;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** One chat request over a WebSocket to the gateway, gathering its text until `done`. */
function webSocketChat(gatewayUrl: string, content: string): { started: Promise<void>; done: Promise<{ text: string; last: string }> } {
  const ws = new WebSocket(`${gatewayUrl.replace('http', 'ws')}/v1/chat/completions`);
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const done = new Promise<{ text: string; last: string }>((resolve, reject) => {
    let text = '';
    ws.once('open', () => ws.send(JSON.stringify({ id: 'ws-1', body: { model: CLOUD, messages: [{ role: 'user', content }], stream: true } })));
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; data?: { choices: Array<{ delta: { content?: string } }> } };
      if (message.type === 'chunk') {
        const piece = message.data?.choices[0]?.delta.content ?? '';
        text += piece;
        if (piece) markStarted();
      }
      if (message.type === 'done' || message.type === 'error') resolve({ text, last: message.type });
    });
    ws.once('error', reject);
    ws.once('close', () => resolve({ text, last: 'closed' }));
  });
  return { started, done };
}

/**
 * Graceful shutdown (issue 7) over real processes and a NATS server of the suite's own: SIGTERM sent to
 * the gateway, a router replica, a cloud worker and the local worker while streams run through them.
 * Every stream must complete in full and the process must exit 0; meanwhile nothing new reaches the
 * process that is stopping (its readiness is 503, routers and gateways pass it over).
 */
describe('graceful shutdown: SIGTERM while streams are open', () => {
  let upstream: FakeUpstream;
  let stack: Stack;
  let client: OpenAI;

  beforeAll(async () => {
    upstream = await startFakeOpenAI({ apiKey: KEY });
    upstream.set({ chunks: PIECES, chunkDelayMs: PIECE_GAP_MS });
    stack = await startStack({
      modelsDir: testModelsDir(),
      privateNats: true,
      extraEnv: { E2E_OPENAI_KEY: KEY },
      cloudProviders: [{ name: 'openai', kind: 'openai', baseUrl: upstream.url, apiKeyEnv: 'E2E_OPENAI_KEY', models: ['gpt-4o-mini'], maxRetries: 0 }],
      expectModels: [LOCAL, CLOUD],
      serviceEnv: {
        'worker-local': {
          SWITCHYARD_WORKER_LOCAL__MODELS: JSON.stringify([{ path: testModelPath('llama-2-tiny-random.gguf'), concurrency: 1, maxQueue: 4 }]),
          SWITCHYARD_WORKER_LOCAL__HEARTBEAT_MS: '200',
        },
        'worker-cloud': { SWITCHYARD_WORKER_CLOUD__HEARTBEAT_MS: '200' },
      },
    });
    client = new OpenAI({ baseURL: stack.baseURL, apiKey: 'e2e', maxRetries: 0 });
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    await upstream?.close();
  });

  const expectedEcho = (prompt: string): string => `Echo: ${prompt}`;

  it('the gateway finishes every SSE, WebSocket and whole response it has, refuses new ones with 503, then exits 0', async () => {
    const gateway = stack.gateway;
    const prompts = ['first stream', 'second stream', 'third stream', 'fourth stream'];
    const streams = prompts.map((p) => openStream(client, CLOUD, p));
    const socket = webSocketChat(gateway.url, 'over the socket');
    const whole = client.chat.completions.create({ model: CLOUD, messages: [{ role: 'user', content: 'a whole answer' }] });
    await within(10_000, 'every stream to start', Promise.all([...streams.map((s) => s.started), socket.started]));

    const exit = exitOf(gateway);
    gateway.process.kill('SIGTERM');
    await waitFor(async () => (await fetch(`${gateway.url}/health/ready`)).status === 503, 2_000, 'the draining gateway to report not ready');
    const refused = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: CLOUD, messages: [{ role: 'user', content: 'too late' }] }),
    });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ error: { message: expect.stringMatching(/shutting down/), type: 'service_unavailable', param: null, code: 'service_unavailable' } });

    const results = await within(15_000, 'the streams to finish', Promise.all(streams.map((s) => s.done)));
    expect(results).toEqual(prompts.map((p) => ({ text: expectedEcho(p), finish: 'stop', completionTokens: expect.any(Number) })));
    expect(await within(15_000, 'the socket stream to finish', socket.done)).toEqual({ text: expectedEcho('over the socket'), last: 'done' });
    expect((await whole).choices[0].message.content).toBe(expectedEcho('a whole answer'));
    expect(await within(15_000, 'the gateway to exit', exit)).toEqual({ code: 0, signal: null });
    expect(gateway.output.join('')).toMatch(/drained: all running work finished/);

    await stack.restart(gateway);
    client = new OpenAI({ baseURL: stack.baseURL, apiKey: 'e2e', maxRetries: 0 });
  }, 60_000);

  it('a router replica finishes the streams it relays while the other takes the new requests, then exits 0', async () => {
    const second = await stack.start('router');
    const draining = stack.router;
    // Let the gateway hear both replicas so that it spreads the streams over them.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const prompts = Array.from({ length: 6 }, (_, i) => `relayed stream ${i}`);
    const streams = prompts.map((p) => openStream(client, CLOUD, p));
    await within(10_000, 'every stream to start', Promise.all(streams.map((s) => s.started)));

    const exit = exitOf(draining);
    draining.process.kill('SIGTERM');
    await waitFor(async () => (await fetch(`${draining.url}/health/ready`)).status === 503, 2_000, 'the draining router to report not ready');
    const during = await client.chat.completions.create({ model: CLOUD, messages: [{ role: 'user', content: 'served elsewhere' }] });
    expect(during.choices[0].message.content).toBe(expectedEcho('served elsewhere'));

    const results = await within(15_000, 'the streams to finish', Promise.all(streams.map((s) => s.done)));
    expect(results).toEqual(prompts.map((p) => ({ text: expectedEcho(p), finish: 'stop', completionTokens: expect.any(Number) })));
    expect(await within(15_000, 'the router to exit', exit)).toEqual({ code: 0, signal: null });
    // The streams really were spread: the stopping replica had some of them to finish.
    expect(draining.output.join('')).toMatch(/"inFlight":[1-9]\d*.*draining: finishing running requests/);
    stack.router = second;
  }, 60_000);

  it('a cloud worker finishes its streams while a second one for the provider takes the new requests, then exits 0', async () => {
    const draining = stack.workerCloud;
    await stack.start('worker-cloud', { SWITCHYARD_WORKER_CLOUD__USE: 'openai' });
    await waitFor(async () => (await registryOf(stack.router.url)).filter((w) => w.heartbeat.provider === 'openai').length === 2, 10_000, 'two openai workers');
    const prompts = Array.from({ length: 6 }, (_, i) => `proxied stream ${i}`);
    const streams = prompts.map((p) => openStream(client, CLOUD, p));
    await within(10_000, 'every stream to start', Promise.all(streams.map((s) => s.started)));

    const exit = exitOf(draining);
    draining.process.kill('SIGTERM');
    await waitFor(async () => (await fetch(`${draining.url}/health/ready`)).status === 503, 2_000, 'the draining worker to report not ready');
    const during = await client.chat.completions.create({ model: CLOUD, messages: [{ role: 'user', content: 'the other worker' }] });
    expect(during.choices[0].message.content).toBe(expectedEcho('the other worker'));

    const results = await within(15_000, 'the streams to finish', Promise.all(streams.map((s) => s.done)));
    expect(results).toEqual(prompts.map((p) => ({ text: expectedEcho(p), finish: 'stop', completionTokens: expect.any(Number) })));
    expect(await within(15_000, 'the worker to exit', exit)).toEqual({ code: 0, signal: null });
    expect(draining.output.join('')).toMatch(/"inFlight":[1-9]\d*.*draining: finishing running requests/);
  }, 60_000);

  it('the local worker finishes its running generation and the ones queued behind it, then exits 0', async () => {
    const draining = stack.workerLocal;
    // One slot: the first generation runs, the other two wait in the model's queue.
    const streams = [0, 1, 2].map((i) => openStream(client, LOCAL, `Once upon a time ${i}`, LOCAL_TOKENS));
    await within(10_000, 'the first generation to start', streams[0].started);

    const exit = exitOf(draining);
    draining.process.kill('SIGTERM');
    await waitFor(async () => (await fetch(`${draining.url}/health/ready`)).status === 503, 2_000, 'the draining worker to report not ready');
    await waitFor(
      async () => (await registryOf(stack.router.url)).some((w) => w.heartbeat.kind === 'local' && w.heartbeat.draining),
      2_000,
      'the router to see the worker draining',
    );

    const results = await within(20_000, 'the generations to finish', Promise.all(streams.map((s) => s.done)));
    // Each ran to its natural end (its token limit, or the model's end of turn), none cut by the shutdown.
    for (const result of results) {
      if (result.finish === 'length') expect(result.completionTokens).toBe(LOCAL_TOKENS);
      else expect(result).toMatchObject({ finish: 'stop', completionTokens: expect.any(Number) });
      expect(result.text.length).toBeGreaterThan(0);
    }
    expect(await within(15_000, 'the worker to exit', exit)).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('cuts a stream that outlives the grace period with an error event, and still exits 0', async () => {
    const gateway = await stack.start('gateway', { SWITCHYARD_SHUTDOWN__GRACE_MS: '1000' });
    const shortClient = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'e2e', maxRetries: 0 });
    upstream.set({ chunks: 100, chunkDelayMs: 100 });
    try {
      const stream = openStream(shortClient, CLOUD, 'a very long answer');
      await within(10_000, 'the stream to start', stream.started);
      const exit = exitOf(gateway);
      const signalledAt = Date.now();
      gateway.process.kill('SIGTERM');
      await expect(within(10_000, 'the cut stream to end', stream.done)).rejects.toThrow(/shut down before the response was complete/);
      expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(900);
      expect(await within(10_000, 'the gateway to exit', exit)).toEqual({ code: 0, signal: null });
      expect(gateway.output.join('')).toMatch(/grace period over: cut 1 unfinished request/);
    } finally {
      upstream.set({ chunks: PIECES, chunkDelayMs: PIECE_GAP_MS });
    }
  }, 60_000);
});
