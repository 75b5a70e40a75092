import { errorPart, type Capability, type InferenceRequest, type StreamPart, type WorkerHeartbeat } from '@switchyard/contracts';
import type { ChatCompletionRequest } from '@switchyard/openai';
import { decodeText, encodeJson, NatsTransport, type Closeable } from '@switchyard/nats';
import { createLogger } from '@switchyard/observability';
import { startTestNats, waitFor, type TestNats } from '@switchyard/testing';
import { WorkerRegistry } from '../registry/worker-registry';
import { RequestRouter } from './request-router';

/** What a scripted worker does with a request. */
type Script = (request: InferenceRequest, signal: AbortSignal) => AsyncGenerator<StreamPart>;

function heartbeat(workerId: string, kind: 'local' | 'cloud', provider: string, models: string[], inFlight = 0): WorkerHeartbeat {
  const capabilities: Capability[] = kind === 'cloud' ? ['chat', 'tools', 'json'] : ['chat'];
  return {
    workerId,
    kind,
    provider,
    subject: `test.router.${workerId}.infer`,
    models: models.map((name) => ({ name, contextLength: 2048, capabilities })),
    capacity: 1,
    inFlight,
    queued: 0,
    maxQueue: 4,
    draining: false,
    intervalMs: 500,
    sentAt: Date.now(),
  };
}

async function* story(request: InferenceRequest): AsyncGenerator<StreamPart> {
  yield { type: 'start', backend: request.target ?? '?', model: request.target ?? '?', workerId: 'x' };
  yield { type: 'delta', index: 0, text: 'Once' };
  yield { type: 'finish', index: 0, reason: 'stop' };
  yield { type: 'usage', promptTokens: 3, completionTokens: 1 };
}

describe('RequestRouter over a real NATS server', () => {
  let nats: TestNats;
  let workerBus: NatsTransport;
  let routerBus: NatsTransport;
  let registry: WorkerRegistry;
  let router: RequestRouter;
  const served: Closeable[] = [];
  const calls: string[] = [];

  beforeAll(async () => {
    nats = await startTestNats();
    workerBus = await NatsTransport.connect({ url: nats.url, name: 'fake-workers', sweepMs: 20 });
    routerBus = await NatsTransport.connect({ url: nats.url, name: 'router-under-test', sweepMs: 20 });
  });

  afterAll(async () => {
    await routerBus.close(0);
    await workerBus.close(0);
    await nats.stop();
  });

  beforeEach(() => {
    registry = new WorkerRegistry(3_000);
    router = new RequestRouter(routerBus, registry, { workerAckTimeoutMs: 500, workerIdleTimeoutMs: 1_000 }, createLogger('test', 'silent'));
    calls.length = 0;
  });

  afterEach(() => {
    for (const sub of served.splice(0)) sub.close();
  });

  async function worker(hb: WorkerHeartbeat, script: Script, options: { register?: boolean; serve?: boolean } = {}): Promise<void> {
    if (options.serve !== false) {
      served.push(
        workerBus.serveStream(hb.subject, async function* (msg, signal) {
          const request = JSON.parse(decodeText(msg.data)) as InferenceRequest;
          calls.push(hb.workerId);
          for await (const part of script(request, signal)) yield encodeJson(part);
        }),
      );
      await workerBus.flush();
    }
    if (options.register !== false) registry.upsert(hb);
  }

  async function route(model: string, signal = new AbortController().signal, extra: Partial<ChatCompletionRequest> = {}): Promise<StreamPart[]> {
    const request: InferenceRequest = {
      requestId: `req_${Math.random().toString(36).slice(2)}`,
      kind: 'chat',
      body: { model, messages: [{ role: 'user', content: 'Hi' }], ...extra },
      deadline: Date.now() + 5_000,
    };
    const parts: StreamPart[] = [];
    for await (const raw of router.route(request, {}, signal)) parts.push(JSON.parse(decodeText(raw)) as StreamPart);
    return parts;
  }

  it('relays the stream of the chosen worker and names the selection for auto', async () => {
    await worker(heartbeat('w1', 'local', 'local', ['stories260k']), story);
    const parts = await route('auto');
    expect(parts.map((p) => p.type)).toEqual(['start', 'delta', 'finish', 'usage']);
    expect(parts[0]).toMatchObject({ type: 'start', backend: 'local:stories260k', model: 'auto (selected: local:stories260k)' });
  });

  it('shows the pinned backend id as the model for a pinned request', async () => {
    await worker(heartbeat('w1', 'local', 'local', ['stories260k']), story);
    const parts = await route('local:stories260k');
    expect(parts[0]).toMatchObject({ type: 'start', model: 'local:stories260k' });
  });

  it('sends the worker the backend it chose as target', async () => {
    let target: string | undefined;
    await worker(heartbeat('w1', 'local', 'local', ['stories260k']), async function* (request) {
      target = request.target;
      yield* story(request);
    });
    await route('auto');
    expect(target).toBe('local:stories260k');
  });

  it('moves on to the next candidate when the first is busy', async () => {
    await worker(heartbeat('busy', 'local', 'local', ['m']), async function* () {
      yield errorPart('backend_busy', 'full', { retryable: true });
    });
    await worker(heartbeat('free', 'local', 'local', ['m'], 1), story);
    const parts = await route('local:m');
    expect(calls).toEqual(['busy', 'free']);
    expect(parts[0]).toMatchObject({ type: 'start' });
    expect(parts.at(-1)).toMatchObject({ type: 'usage' });
  });

  it('moves on when a registered worker is gone (no responder on its subject)', async () => {
    await worker(heartbeat('gone', 'local', 'local', ['m']), story, { serve: false });
    await worker(heartbeat('ok', 'local', 'local', ['m'], 1), story);
    const parts = await route('local:m');
    expect(parts[0]).toMatchObject({ type: 'start' });
    expect(calls).toEqual(['ok']);
  });

  it('returns a non-retryable error from the worker as it is, without trying others', async () => {
    await worker(heartbeat('strict', 'local', 'local', ['m']), async function* () {
      yield errorPart('unsupported_parameter', "'n' is not supported", { param: 'n' });
    });
    await worker(heartbeat('other', 'local', 'local', ['m'], 1), story);
    const parts = await route('local:m');
    expect(parts).toEqual([errorPart('unsupported_parameter', "'n' is not supported", { param: 'n' })]);
    expect(calls).toEqual(['strict']);
  });

  it('answers model_not_found for a model no worker serves', async () => {
    await worker(heartbeat('w1', 'local', 'local', ['stories260k']), story);
    const parts = await route('local:nothing');
    expect(parts).toEqual([expect.objectContaining({ type: 'error', code: 'model_not_found', param: 'model' })]);
  });

  it('answers backend_busy naming what it tried when every candidate is busy', async () => {
    const busy: Script = async function* () {
      yield errorPart('backend_busy', 'full', { retryable: true });
    };
    await worker(heartbeat('a', 'local', 'local', ['m']), busy);
    await worker(heartbeat('b', 'local', 'local', ['m']), busy);
    const [part] = await route('auto');
    expect(part).toMatchObject({ type: 'error', code: 'backend_busy', retryable: false });
    expect((part as { message: string }).message).toContain('Tried: local:m (backend_busy), local:m (backend_busy)');
  });

  it('passes the only candidate’s failure on as it was (an upstream 429 stays a 429)', async () => {
    await worker(heartbeat('limited', 'cloud', 'openai', ['gpt']), async function* () {
      yield errorPart('rate_limit_exceeded', 'openai (HTTP 429): slow down', { retryable: true });
    });
    expect(await route('openai:gpt')).toEqual([
      { type: 'error', code: 'rate_limit_exceeded', message: 'openai (HTTP 429): slow down', param: null, retryable: false },
    ]);
  });

  it('answers service_unavailable when no worker is registered', async () => {
    expect(await route('auto')).toEqual([expect.objectContaining({ type: 'error', code: 'service_unavailable' })]);
  });

  it('reports a worker that fails after it started as an error, without retrying', async () => {
    await worker(heartbeat('flaky', 'local', 'local', ['m']), async function* () {
      yield { type: 'start', backend: 'local:m', model: 'local:m', workerId: 'flaky' };
      yield { type: 'delta', index: 0, text: 'Once' };
      throw new Error('segfault');
    });
    await worker(heartbeat('other', 'local', 'local', ['m'], 1), story);
    const parts = await route('local:m');
    expect(parts.map((p) => p.type)).toEqual(['start', 'delta', 'error']);
    expect(parts[2]).toMatchObject({ code: 'internal_error', retryable: false });
    expect(calls).toEqual(['flaky']);
  });

  it('prefers a local worker over a cloud worker for auto', async () => {
    await worker(heartbeat('cloud', 'cloud', 'openai', ['gpt-4o-mini']), story);
    await worker(heartbeat('edge', 'local', 'local', ['stories260k'], 0), story);
    const parts = await route('auto');
    expect(parts[0]).toMatchObject({ model: 'auto (selected: local:stories260k)' });
    expect(calls).toEqual(['edge']);
  });

  it('cancels the worker when the caller aborts', async () => {
    let workerAborted = false;
    await worker(heartbeat('slow', 'local', 'local', ['m']), async function* (_request, signal) {
      signal.addEventListener('abort', () => (workerAborted = true));
      yield { type: 'start', backend: 'local:m', model: 'local:m', workerId: 'slow' };
      while (!signal.aborted) {
        yield { type: 'delta', index: 0, text: '.' };
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    const controller = new AbortController();
    const request: InferenceRequest = {
      requestId: 'req_cancel',
      kind: 'chat',
      body: { model: 'local:m', messages: [{ role: 'user', content: 'Hi' }] },
      deadline: Date.now() + 5_000,
    };
    let seen = 0;
    const stream = router.route(request, {}, controller.signal);
    while (!(await stream.next()).done) {
      if (++seen === 3) controller.abort();
    }
    await waitFor(() => workerAborted, 2_000, 'the worker to be cancelled');
    expect(seen).toBeGreaterThanOrEqual(3);
  });

  const TOOLS: Partial<ChatCompletionRequest> = {
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
  };

  it('sends a request with tools past the local model to a backend that supports tools', async () => {
    await worker(heartbeat('edge', 'local', 'local', ['stories260k']), story);
    await worker(heartbeat('cloud', 'cloud', 'openai', ['gpt-4o-mini']), story);
    const parts = await route('auto', undefined, TOOLS);
    expect(parts[0]).toMatchObject({ model: 'auto (selected: openai:gpt-4o-mini)' });
    expect(calls).toEqual(['cloud']);
  });

  it('answers 400 naming the parameter when no backend serving the model supports it', async () => {
    await worker(heartbeat('edge', 'local', 'local', ['stories260k']), story);
    expect(await route('local:stories260k', undefined, TOOLS)).toEqual([
      expect.objectContaining({ type: 'error', code: 'unsupported_parameter', param: 'tools' }),
    ]);
    expect(await route('auto', undefined, { response_format: { type: 'json_object' } })).toEqual([
      expect.objectContaining({ type: 'error', code: 'unsupported_parameter', param: 'response_format' }),
    ]);
    expect(calls).toEqual([]);
  });

  it('skips a cloud worker whose provider is unreachable', async () => {
    const down = { ...heartbeat('down', 'cloud', 'openai', ['gpt-4o-mini']), upstream: { reachable: false, checkedAt: Date.now(), reason: 'ECONNREFUSED' } };
    await worker(down, story);
    await worker(heartbeat('up', 'cloud', 'openai', ['gpt-4o-mini'], 1), story);
    const parts = await route('openai:gpt-4o-mini');
    expect(parts[0]).toMatchObject({ type: 'start' });
    expect(calls).toEqual(['up']);
  });
});
