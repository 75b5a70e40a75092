import { Writable } from 'node:stream';
import { errorPart, type InferenceRequest, type StreamPart } from '@switchyard/contracts';
import { waitFor } from '@switchyard/testing';
import pino from 'pino';
import { heartbeat, story, useRouterHarness, type Script } from './request-router.harness';
import type { RouteDecision } from './route-decision';

describe('RequestRouter over a real NATS server: policies, fallback and resilience', () => {
  const h = useRouterHarness();

  const failing =
    (code: 'internal_error' | 'rate_limit_exceeded' | 'context_length_exceeded'): Script =>
    async function* () {
      yield errorPart(code, `${code} here`, { retryable: code !== 'context_length_exceeded' });
    };

  it('carries the route on the start part: policy, selection and each failed attempt with its reason', async () => {
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), failing('internal_error'));
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
    const [start] = await h.route('auto');
    expect(start).toMatchObject({
      type: 'start',
      model: 'auto (selected: openai:gpt)',
      route: { policy: 'edge-first', selected: 'openai:gpt', failed: [{ backend: 'local:tiny', workerId: 'edge', code: 'internal_error' }], skipped: [] },
    });
    expect(h.calls).toEqual(['edge', 'cloud']);
  });

  it('goes cloud first when the request asks for cloud-first, and edge first by default', async () => {
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), story);
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
    expect((await h.route('auto', undefined, {}, 'cloud-first'))[0]).toMatchObject({ model: 'auto (selected: openai:gpt)', route: { policy: 'cloud-first' } });
    expect((await h.route('auto'))[0]).toMatchObject({ model: 'auto (selected: local:tiny)', route: { policy: 'edge-first' } });
  });

  it('falls back from a rate-limited cloud backend to the edge (cloud to edge)', async () => {
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), failing('rate_limit_exceeded'));
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), story);
    const [start] = await h.route('auto', undefined, {}, 'cloud-first');
    expect(start).toMatchObject({ model: 'auto (selected: local:tiny)', route: { failed: [{ backend: 'openai:gpt', code: 'rate_limit_exceeded' }] } });
  });

  it('tries a model with a larger context when one says the prompt is too long', async () => {
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), failing('context_length_exceeded'));
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
    const [start] = await h.route('auto');
    expect(start).toMatchObject({ model: 'auto (selected: openai:gpt)' });
  });

  it('skips a provider with no rate-limit headroom before it answers 429, and says when it resets', async () => {
    const now = Date.now();
    const limited = {
      ...heartbeat('cloud', 'cloud', 'openai', ['gpt']),
      upstream: { reachable: true, checkedAt: now, rateLimits: { requests: { limit: 500, remaining: 0, resetAt: now + 20_000 }, observedAt: now } },
    };
    await h.worker(limited, story);
    const [only] = await h.route('openai:gpt');
    expect(only).toMatchObject({ type: 'error', code: 'rate_limit_exceeded', route: { skipped: [{ backend: 'openai:gpt', reason: 'rate_limited' }] } });
    expect((only as { message: string }).message).toMatch(/openai:gpt has no rate-limit headroom for (19|20) s/);
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), story);
    expect((await h.route('auto', undefined, {}, 'cloud-first'))[0]).toMatchObject({ model: 'auto (selected: local:tiny)' });
    expect(h.calls).toEqual(['edge']);
  });

  it('opens the circuit of a worker that keeps failing, then probes it again with one request', async () => {
    let now = Date.now();
    h.makeRouter({}, { failureThreshold: 2, openMs: 200 });
    let healthy = false;
    await h.worker(heartbeat('sick', 'local', 'local', ['tiny']), async function* (request) {
      if (!healthy) yield errorPart('internal_error', 'crashed', { retryable: true });
      else yield* story(request);
    });
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
    await h.route('auto');
    await h.route('auto');
    expect(h.calls).toEqual(['sick', 'cloud', 'sick', 'cloud']);
    expect(h.breaker.state('sick')).toBe('open');
    const [third] = await h.route('auto');
    expect(third).toMatchObject({ route: { selected: 'openai:gpt', failed: [], skipped: [{ backend: 'local:tiny', reason: 'circuit_open' }] } });
    expect(h.calls.slice(4)).toEqual(['cloud']);
    now = Date.now();
    await waitFor(() => h.breaker.state('sick') === 'half-open', 2_000, 'the circuit to half-open');
    expect(Date.now() - now).toBeLessThan(1_000);
    healthy = true;
    expect((await h.route('auto'))[0]).toMatchObject({ model: 'auto (selected: local:tiny)' });
    expect(h.breaker.state('sick')).toBe('closed');
  });

  it('moves on at once when the worker it waits on leaves the registry, long before any timeout', async () => {
    // eslint-disable-next-line require-yield -- this worker never answers: that is the point
    await h.worker(heartbeat('frozen', 'local', 'local', ['tiny']), async function* (_request, signal) {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    });
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
    setTimeout(() => h.registry.remove('frozen'), 150);
    const started = Date.now();
    const [start] = await h.route('auto');
    expect(Date.now() - started).toBeLessThan(900);
    expect(start).toMatchObject({ model: 'auto (selected: openai:gpt)', route: { failed: [{ backend: 'local:tiny', code: 'service_unavailable' }] } });
  });

  describe('waiting for a first output', () => {
    const firstOutput = { factor: 4, floorMs: 200, ceilingMs: 300 };
    /** Starts only after `ms`, or never; records whether its work was cancelled. */
    const slow = (ms: number, cancelled: { value: boolean }): Script =>
      async function* (request, signal) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            cancelled.value = true;
            resolve();
          });
        });
        if (!signal.aborted) yield* story(request);
      };

    it('gives up on a streamed attempt with no output within the wait, cancels it, and lets the next candidate answer', async () => {
      h.makeRouter({ firstOutput });
      const cancelled = { value: false };
      await h.worker(heartbeat('hung', 'cloud', 'openai', ['gpt']), slow(60_000, cancelled));
      await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), story);
      const started = Date.now();
      const [start] = await h.route('auto', undefined, { stream: true }, 'cloud-first');
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(start).toMatchObject({ model: 'auto (selected: local:tiny)', route: { failed: [{ backend: 'openai:gpt', code: 'timeout' }] } });
      await waitFor(async () => cancelled.value, 2_000, 'the slow attempt to be cancelled');
    });

    it('waits for the last candidate however long it takes, and for an answer sent whole', async () => {
      h.makeRouter({ firstOutput });
      await h.worker(heartbeat('slow', 'cloud', 'openai', ['gpt']), slow(500, { value: false }));
      expect((await h.route('openai:gpt', undefined, { stream: true }))[0]).toMatchObject({ model: 'openai:gpt' });
      await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), story);
      expect((await h.route('auto', undefined, {}, 'cloud-first'))[0]).toMatchObject({ model: 'auto (selected: openai:gpt)' });
    });
  });

  it('ends the stream with an error when the worker leaves mid-stream', async () => {
    await h.worker(heartbeat('dying', 'local', 'local', ['tiny']), async function* (_request, signal) {
      yield { type: 'start', backend: 'local:tiny', model: 'local:tiny', workerId: 'dying' };
      yield { type: 'delta', index: 0, text: 'Once' };
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    });
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
    const request: InferenceRequest = {
      requestId: 'req_dying',
      kind: 'chat',
      body: { model: 'auto', messages: [{ role: 'user', content: 'Hi' }], stream: true },
      deadline: Date.now() + 5_000,
    };
    const parts: StreamPart[] = [];
    const started = Date.now();
    for await (const part of h.ask(request)) {
      parts.push(part);
      if (parts.at(-1)?.type !== 'delta') continue;
      // The data reached the gateway straight from the worker; the worker leaves once the router has its copy of the start.
      await waitFor(() => h.events.some((e) => e.requestId === 'req_dying' && e.outcome === 'started'), 1_000, 'the router to see the start');
      h.registry.remove('dying');
    }
    expect(Date.now() - started).toBeLessThan(900);
    expect(parts.map((p) => p.type)).toEqual(['start', 'delta', 'error']);
    expect(parts[2]).toMatchObject({ code: 'service_unavailable', retryable: false });
    expect((parts[2] as { message: string }).message).toContain('mid-stream');
    expect(h.calls).toEqual(['dying']);
  });

  it('follows an alias in its order, falling back to the next entry', async () => {
    h.makeRouter({ aliases: { smart: ['openai:gpt', 'local:tiny'] } });
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), story);
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), failing('internal_error'));
    const [start] = await h.route('smart');
    expect(start).toMatchObject({ model: 'smart (selected: local:tiny)', route: { failed: [{ backend: 'openai:gpt' }] } });
    expect(h.calls).toEqual(['cloud', 'edge']);
  });

  it('stops after maxAttempts backends', async () => {
    h.makeRouter({ maxAttempts: 2 });
    for (const id of ['a', 'b', 'c']) await h.worker(heartbeat(id, 'local', 'local', ['m']), failing('internal_error'));
    const [part] = await h.route('local:m');
    expect(part).toMatchObject({ type: 'error', code: 'internal_error' });
    expect(h.calls).toHaveLength(2);
  });

  it('does not count backends that refuse a parameter towards maxAttempts, so auto finds one that takes it', async () => {
    h.makeRouter({ maxAttempts: 2 });
    const refuses: Script = async function* () {
      yield errorPart('unsupported_parameter', "Unsupported parameter 'min_p'", { param: 'min_p' });
    };
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['a', 'b', 'c']), refuses);
    await h.worker(heartbeat('edge', 'local', 'local', ['m']), story);
    const [start] = await h.route('auto', undefined, {}, 'cloud-first');
    expect(start).toMatchObject({ type: 'start', model: 'auto (selected: local:m)' });
    expect(h.calls).toEqual(['cloud', 'cloud', 'cloud', 'edge']);
  });

  it('settles one decision per request, naming the failures and the outcome', async () => {
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), failing('internal_error'));
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
    h.sent.length = 0;
    await h.route('auto');
    await h.route('local:tiny');
    const mine = (): RouteDecision[] => h.sent.map((id) => h.events.find((e) => e.requestId === id)).filter((e) => e !== undefined);
    await waitFor(() => mine().length === 2, 2_000, 'two decisions');
    const [first, second] = mine();
    expect(h.events.filter((e) => h.sent.includes(e.requestId))).toHaveLength(2);
    expect(first).toMatchObject({
      requestedModel: 'auto',
      outcome: 'started',
      workerId: 'cloud',
      route: { selected: 'openai:gpt', failed: [{ backend: 'local:tiny', code: 'internal_error' }] },
    });
    expect(second).toMatchObject({ requestedModel: 'local:tiny', outcome: 'failed', workerId: null, route: { selected: null } });
  });

  it('logs every line about a request with its id and traceparent from the NATS headers', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done): void {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    h.makeRouter({}, undefined, pino({ level: 'debug' }, sink));
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), failing('internal_error'));
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const request: InferenceRequest = { requestId: 'req_traced', kind: 'chat', body: { model: 'auto', messages: [{ role: 'user', content: 'Hi' }] }, deadline: Date.now() + 5_000 };
    for await (const part of h.ask(request, { 'x-request-id': 'req_traced', traceparent })) void part;
    expect(lines.map((line) => line['msg'])).toEqual(['backend failed before start', 'routed']);
    for (const line of lines) expect(line).toMatchObject({ requestId: 'req_traced', traceparent });
  });

  it('measures time to first token and tokens per second of the backends it uses', async () => {
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), async function* (request) {
      yield { type: 'start', backend: request.target ?? '', model: '', workerId: 'edge' };
      await new Promise((r) => setTimeout(r, 60));
      for (let i = 0; i < 5; i++) {
        yield { type: 'delta', index: 0, text: 't' };
        await new Promise((r) => setTimeout(r, 20));
      }
      yield { type: 'finish', index: 0, reason: 'stop' };
      yield { type: 'usage', promptTokens: 2, completionTokens: 5 };
    });
    await h.route('auto');
    const stats = h.latency.get('edge', 'local:tiny');
    expect(stats?.samples).toBe(1);
    expect(stats?.ttftMs).toBeGreaterThanOrEqual(55);
    // Four tokens after the first, over about 80–100 ms: roughly 40–50 tokens/s.
    expect(stats?.tokensPerSecond).toBeGreaterThan(20);
    expect(stats?.tokensPerSecond).toBeLessThan(60);
  });
});
