import { Writable } from 'node:stream';
import { ConfigSchema } from '@switchyard/config';
import {
  errorPart,
  EVENTS_STREAM,
  RouteDecisionEventSchema,
  SUBJECTS,
  type Capability,
  type InferenceRequest,
  type RouteDecisionEvent,
  type RoutingPolicy,
  type StreamPart,
  type WorkerHeartbeat,
} from '@switchyard/contracts';
import type { ChatCompletionRequest } from '@switchyard/openai';
import { decodeJson, decodeText, encodeJson, EventPublisher, NatsTransport, type Closeable } from '@switchyard/nats';
import { createLogger } from '@switchyard/observability';
import { eventsMaxAgeMs } from '@switchyard/runtime';
import { startTestNats, storedEvents, waitFor, type TestNats } from '@switchyard/testing';
import pino from 'pino';
import { WorkerRegistry } from '../registry/worker-registry';
import { CircuitBreaker } from './circuit-breaker';
import { LatencyTracker } from './latency-tracker';
import { RequestRouter, type RoutingOptions } from './request-router';

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
  let breaker: CircuitBreaker;
  let latency: LatencyTracker;
  let router: RequestRouter;
  let publisher: EventPublisher;
  const startedAt = new Date(Date.now() - 1_000);
  const events: RouteDecisionEvent[] = [];
  /** Request ids sent by `route`, in order. */
  const sent: string[] = [];
  let eventSub: Closeable;
  const served: Closeable[] = [];
  const calls: string[] = [];

  beforeAll(async () => {
    nats = await startTestNats();
    workerBus = await NatsTransport.connect({ url: nats.url, name: 'fake-workers', sweepMs: 20 });
    routerBus = await NatsTransport.connect({ url: nats.url, name: 'router-under-test', sweepMs: 20 });
    await routerBus.ensureStream(EVENTS_STREAM.name, EVENTS_STREAM.subjects, eventsMaxAgeMs(ConfigSchema.parse({})));
    publisher = new EventPublisher(routerBus, createLogger('test', 'silent'));
    eventSub = workerBus.subscribe(SUBJECTS.routeDecisionEvent, (msg) => events.push(decodeJson(msg.data, RouteDecisionEventSchema)));
    await workerBus.flush();
  });

  afterAll(async () => {
    publisher.close();
    eventSub.close();
    await routerBus.close(0);
    await workerBus.close(0);
    await nats.stop();
  });

  beforeEach(() => {
    makeRouter();
    calls.length = 0;
    events.length = 0;
  });

  afterEach(() => {
    for (const sub of served.splice(0)) sub.close();
  });

  function makeRouter(options: Partial<RoutingOptions> = {}, breakerOptions = { failureThreshold: 3, openMs: 10_000 }, logger = createLogger('test', 'silent')): void {
    registry = new WorkerRegistry(3_000);
    breaker = new CircuitBreaker(breakerOptions);
    latency = new LatencyTracker();
    router = new RequestRouter(
      routerBus,
      { registry, breaker, latency },
      {
        timeouts: { workerAckTimeoutMs: 500, workerIdleTimeoutMs: 1_000 },
        policy: 'edge-first',
        aliases: {},
        prices: {},
        expectedOutputTokens: 256,
        maxAttempts: 4,
        ...options,
      },
      logger,
      publisher,
    );
  }

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

  async function route(
    model: string,
    signal = new AbortController().signal,
    extra: Partial<ChatCompletionRequest> = {},
    policy?: RoutingPolicy,
  ): Promise<StreamPart[]> {
    const request: InferenceRequest = {
      requestId: `req_${Math.random().toString(36).slice(2)}`,
      kind: 'chat',
      body: { model, messages: [{ role: 'user', content: 'Hi' }], ...extra },
      deadline: Date.now() + 5_000,
      policy,
    };
    sent.push(request.requestId);
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

  it('tries the next backend when one cannot honour a parameter, and returns the refusal when none can', async () => {
    const refuses: Script = async function* () {
      yield errorPart('unsupported_parameter', "'logprobs' is not supported", { param: 'logprobs' });
    };
    await worker(heartbeat('edge', 'local', 'local', ['tiny']), refuses);
    await worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
    expect((await route('auto'))[0]).toMatchObject({ model: 'auto (selected: openai:gpt)', route: { failed: [{ backend: 'local:tiny', code: 'unsupported_parameter' }] } });
    expect(await route('local:tiny')).toEqual([expect.objectContaining({ type: 'error', code: 'unsupported_parameter', param: 'logprobs', retryable: false })]);
  });

  it('returns a non-retryable error from the worker as it is, without trying others', async () => {
    await worker(heartbeat('strict', 'local', 'local', ['m']), async function* () {
      yield errorPart('invalid_request', "'n' is not supported", { param: 'n' });
    });
    await worker(heartbeat('other', 'local', 'local', ['m'], 1), story);
    const parts = await route('local:m');
    expect(parts).toEqual([
      {
        ...errorPart('invalid_request', "'n' is not supported", { param: 'n' }),
        route: { policy: 'edge-first', selected: null, failed: [expect.objectContaining({ backend: 'local:m', workerId: 'strict', code: 'invalid_request' })], skipped: [] },
      },
    ]);
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
      expect.objectContaining({ type: 'error', code: 'rate_limit_exceeded', message: 'openai (HTTP 429): slow down', param: null, retryable: false }),
    ]);
  });

  it('says a model cannot chat rather than that its workers are down', async () => {
    const embedder = { ...heartbeat('emb', 'local', 'local', ['embedder']), models: [{ name: 'embedder', contextLength: 512, capabilities: ['embeddings' as const] }] };
    await worker(embedder, story);
    await worker(heartbeat('edge', 'local', 'local', ['tiny']), story);
    expect(await route('local:embedder')).toEqual([expect.objectContaining({ type: 'error', code: 'invalid_request', param: 'model' })]);
    makeRouter({ aliases: { x: ['openai:gpt-4o'] } });
    await worker(heartbeat('edge', 'local', 'local', ['tiny']), story, { serve: false });
    expect(await route('x')).toEqual([expect.objectContaining({ type: 'error', code: 'service_unavailable', message: "No backend can serve model 'x' right now." })]);
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

  describe('policies, fallback and resilience', () => {
    const failing =
      (code: 'internal_error' | 'rate_limit_exceeded' | 'context_length_exceeded'): Script =>
      async function* () {
        yield errorPart(code, `${code} here`, { retryable: code !== 'context_length_exceeded' });
      };

    it('carries the route on the start part: policy, selection and each failed attempt with its reason', async () => {
      await worker(heartbeat('edge', 'local', 'local', ['tiny']), failing('internal_error'));
      await worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
      const [start] = await route('auto');
      expect(start).toMatchObject({
        type: 'start',
        model: 'auto (selected: openai:gpt)',
        route: { policy: 'edge-first', selected: 'openai:gpt', failed: [{ backend: 'local:tiny', workerId: 'edge', code: 'internal_error' }], skipped: [] },
      });
      expect(calls).toEqual(['edge', 'cloud']);
    });

    it('goes cloud first when the request asks for cloud-first, and edge first by default', async () => {
      await worker(heartbeat('edge', 'local', 'local', ['tiny']), story);
      await worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
      expect((await route('auto', undefined, {}, 'cloud-first'))[0]).toMatchObject({ model: 'auto (selected: openai:gpt)', route: { policy: 'cloud-first' } });
      expect((await route('auto'))[0]).toMatchObject({ model: 'auto (selected: local:tiny)', route: { policy: 'edge-first' } });
    });

    it('falls back from a rate-limited cloud backend to the edge (cloud to edge)', async () => {
      await worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), failing('rate_limit_exceeded'));
      await worker(heartbeat('edge', 'local', 'local', ['tiny']), story);
      const [start] = await route('auto', undefined, {}, 'cloud-first');
      expect(start).toMatchObject({ model: 'auto (selected: local:tiny)', route: { failed: [{ backend: 'openai:gpt', code: 'rate_limit_exceeded' }] } });
    });

    it('tries a model with a larger context when one says the prompt is too long', async () => {
      await worker(heartbeat('edge', 'local', 'local', ['tiny']), failing('context_length_exceeded'));
      await worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
      const [start] = await route('auto');
      expect(start).toMatchObject({ model: 'auto (selected: openai:gpt)' });
    });

    it('skips a provider with no rate-limit headroom before it answers 429, and says when it resets', async () => {
      const now = Date.now();
      const limited = {
        ...heartbeat('cloud', 'cloud', 'openai', ['gpt']),
        upstream: { reachable: true, checkedAt: now, rateLimits: { requests: { limit: 500, remaining: 0, resetAt: now + 20_000 }, observedAt: now } },
      };
      await worker(limited, story);
      const [only] = await route('openai:gpt');
      expect(only).toMatchObject({ type: 'error', code: 'rate_limit_exceeded', route: { skipped: [{ backend: 'openai:gpt', reason: 'rate_limited' }] } });
      expect((only as { message: string }).message).toMatch(/openai:gpt has no rate-limit headroom for (19|20) s/);
      await worker(heartbeat('edge', 'local', 'local', ['tiny']), story);
      expect((await route('auto', undefined, {}, 'cloud-first'))[0]).toMatchObject({ model: 'auto (selected: local:tiny)' });
      expect(calls).toEqual(['edge']);
    });

    it('opens the circuit of a worker that keeps failing, then probes it again with one request', async () => {
      let now = Date.now();
      makeRouter({}, { failureThreshold: 2, openMs: 200 });
      let healthy = false;
      await worker(heartbeat('sick', 'local', 'local', ['tiny']), async function* (request) {
        if (!healthy) yield errorPart('internal_error', 'crashed', { retryable: true });
        else yield* story(request);
      });
      await worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
      await route('auto');
      await route('auto');
      expect(calls).toEqual(['sick', 'cloud', 'sick', 'cloud']);
      expect(breaker.state('sick')).toBe('open');
      const [third] = await route('auto');
      expect(third).toMatchObject({ route: { selected: 'openai:gpt', failed: [], skipped: [{ backend: 'local:tiny', reason: 'circuit_open' }] } });
      expect(calls.slice(4)).toEqual(['cloud']);
      now = Date.now();
      await waitFor(() => breaker.state('sick') === 'half-open', 2_000, 'the circuit to half-open');
      expect(Date.now() - now).toBeLessThan(1_000);
      healthy = true;
      expect((await route('auto'))[0]).toMatchObject({ model: 'auto (selected: local:tiny)' });
      expect(breaker.state('sick')).toBe('closed');
    });

    it('moves on at once when the worker it waits on leaves the registry, long before any timeout', async () => {
      // eslint-disable-next-line require-yield -- this worker never answers: that is the point
      await worker(heartbeat('frozen', 'local', 'local', ['tiny']), async function* (_request, signal) {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      });
      await worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
      setTimeout(() => registry.remove('frozen'), 150);
      const started = Date.now();
      const [start] = await route('auto');
      expect(Date.now() - started).toBeLessThan(900);
      expect(start).toMatchObject({ model: 'auto (selected: openai:gpt)', route: { failed: [{ backend: 'local:tiny', code: 'service_unavailable' }] } });
    });

    it('ends the stream with an error when the worker leaves mid-stream', async () => {
      await worker(heartbeat('dying', 'local', 'local', ['tiny']), async function* (_request, signal) {
        yield { type: 'start', backend: 'local:tiny', model: 'local:tiny', workerId: 'dying' };
        yield { type: 'delta', index: 0, text: 'Once' };
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      });
      await worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
      const request: InferenceRequest = {
        requestId: 'req_dying',
        kind: 'chat',
        body: { model: 'auto', messages: [{ role: 'user', content: 'Hi' }] },
        deadline: Date.now() + 5_000,
      };
      const parts: StreamPart[] = [];
      const started = Date.now();
      for await (const raw of router.route(request, {}, new AbortController().signal)) {
        parts.push(JSON.parse(decodeText(raw)) as StreamPart);
        if (parts.at(-1)?.type === 'delta') registry.remove('dying');
      }
      expect(Date.now() - started).toBeLessThan(900);
      expect(parts.map((p) => p.type)).toEqual(['start', 'delta', 'error']);
      expect(parts[2]).toMatchObject({ code: 'service_unavailable', retryable: false });
      expect((parts[2] as { message: string }).message).toContain('mid-stream');
      expect(calls).toEqual(['dying']);
    });

    it('follows an alias in its order, falling back to the next entry', async () => {
      makeRouter({ aliases: { smart: ['openai:gpt', 'local:tiny'] } });
      await worker(heartbeat('edge', 'local', 'local', ['tiny']), story);
      await worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), failing('internal_error'));
      const [start] = await route('smart');
      expect(start).toMatchObject({ model: 'smart (selected: local:tiny)', route: { failed: [{ backend: 'openai:gpt' }] } });
      expect(calls).toEqual(['cloud', 'edge']);
    });

    it('stops after maxAttempts backends', async () => {
      makeRouter({ maxAttempts: 2 });
      for (const id of ['a', 'b', 'c']) await worker(heartbeat(id, 'local', 'local', ['m']), failing('internal_error'));
      const [part] = await route('local:m');
      expect(part).toMatchObject({ type: 'error', code: 'internal_error' });
      expect(calls).toHaveLength(2);
    });

    it('publishes one decision event per request, naming the failures and the outcome', async () => {
      await worker(heartbeat('edge', 'local', 'local', ['tiny']), failing('internal_error'));
      await worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
      sent.length = 0;
      await route('auto');
      await route('local:tiny');
      const mine = (): RouteDecisionEvent[] => sent.map((id) => events.find((e) => e.requestId === id)).filter((e) => e !== undefined);
      await waitFor(() => mine().length === 2, 2_000, 'two decision events');
      const [first, second] = mine();
      expect(events.filter((e) => sent.includes(e.requestId))).toHaveLength(2);
      expect(first).toMatchObject({
        requestedModel: 'auto',
        outcome: 'started',
        workerId: 'cloud',
        route: { selected: 'openai:gpt', failed: [{ backend: 'local:tiny', code: 'internal_error' }] },
      });
      expect(second).toMatchObject({ requestedModel: 'local:tiny', outcome: 'failed', workerId: null, route: { selected: null } });
      const stored = await storedEvents<RouteDecisionEvent>({
        url: nats.url,
        stream: EVENTS_STREAM.name,
        subject: SUBJECTS.routeDecisionEvent,
        since: startedAt,
        match: (e) => sent.includes(e.requestId),
        count: 2,
      });
      expect(stored).toEqual([first, second]);
    });

    it('logs every line about a request with its id and traceparent from the NATS headers', async () => {
      const lines: Array<Record<string, unknown>> = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done): void {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      });
      makeRouter({}, undefined, pino({ level: 'debug' }, sink));
      await worker(heartbeat('edge', 'local', 'local', ['tiny']), failing('internal_error'));
      await worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const request: InferenceRequest = { requestId: 'req_traced', kind: 'chat', body: { model: 'auto', messages: [{ role: 'user', content: 'Hi' }] }, deadline: Date.now() + 5_000 };
      for await (const raw of router.route(request, { 'x-request-id': 'req_traced', traceparent }, new AbortController().signal)) void raw;
      expect(lines.map((line) => line['msg'])).toEqual(['backend failed before start', 'routed']);
      for (const line of lines) expect(line).toMatchObject({ requestId: 'req_traced', traceparent });
    });

    it('measures time to first token and tokens per second of the backends it uses', async () => {
      await worker(heartbeat('edge', 'local', 'local', ['tiny']), async function* (request) {
        yield { type: 'start', backend: request.target ?? '', model: '', workerId: 'edge' };
        await new Promise((r) => setTimeout(r, 60));
        for (let i = 0; i < 5; i++) {
          yield { type: 'delta', index: 0, text: 't' };
          await new Promise((r) => setTimeout(r, 20));
        }
        yield { type: 'finish', index: 0, reason: 'stop' };
        yield { type: 'usage', promptTokens: 2, completionTokens: 5 };
      });
      await route('auto');
      const stats = latency.get('edge', 'local:tiny');
      expect(stats?.samples).toBe(1);
      expect(stats?.ttftMs).toBeGreaterThanOrEqual(55);
      // Four tokens after the first, over about 80–100 ms: roughly 40–50 tokens/s.
      expect(stats?.tokensPerSecond).toBeGreaterThan(20);
      expect(stats?.tokensPerSecond).toBeLessThan(60);
    });
  });
});
