import OpenAI from 'openai';
import { HEADERS } from '@switchyard/contracts';
import { openAISchemaValidator, startFakeOpenAI, waitFor, type FakeUpstream } from '@switchyard/testing';
import { routeOf, sleep, SseReader, waitForRegistry, within, type Answer, type AskOptions, type UsageEvents, type WorkerView } from './fault-kit';
import { CLOUD, cloudOf, FaultStack, KEY, LOCAL, localOf, LONG_GENERATION } from './auto-routing-faults.stack';
import type { Stack } from './stack';

type APIError = InstanceType<typeof OpenAI.APIError>;

/**
 * The router's `auto` orchestration when things break (issue 4), over real processes on a NATS server
 * of the suite's own (`FaultStack`). The scenarios share the
 * stack (starting it is most of the suite's time); before each one the stack is made healthy again,
 * killed workers included. Every wait is bounded, so a hang fails its scenario.
 */
describe('auto routing under faults, over real processes and NATS', () => {
  let faults: FaultStack;
  let upstream: FakeUpstream;
  let upstreamPort: number;
  let stack: Stack;
  let client: OpenAI;
  let events: UsageEvents;
  const spec = openAISchemaValidator();

  beforeAll(async () => {
    faults = await FaultStack.start();
    ({ upstream, upstreamPort, stack, client, events } = faults);
  }, 60_000);

  afterAll(async () => {
    await faults?.stop();
  });

  const ask = (options: AskOptions = {}): Promise<Answer> => faults.ask(options);
  const workers = (): Promise<WorkerView[]> => faults.workers();
  const localIdle = (): Promise<void> => faults.localIdle();
  const localStatus = (): ReturnType<FaultStack['localStatus']> => faults.localStatus();
  const localHandled = (): Promise<number> => faults.localHandled();

  beforeEach(() => faults.heal(), 30_000);

  it('edge-first puts auto on the free local worker; x-switchyard-policy: cloud-first puts it on the cloud', async () => {
    const edge = await ask();
    expect(edge.status).toBe(200);
    expect(edge.model).toBe(`auto (selected: ${LOCAL})`);
    expect(edge.route).toEqual({ selected: LOCAL, policy: 'edge-first', failed: [], skipped: [] });

    const cloud = await ask({ policy: 'cloud-first' });
    expect(cloud.model).toBe(`auto (selected: ${CLOUD})`);
    expect(cloud.text).toBe('Echo: ping');
    expect(cloud.route).toEqual({ selected: CLOUD, policy: 'cloud-first', failed: [], skipped: [] });

    const streamed = await ask({ policy: 'cloud-first', stream: true });
    expect(streamed.model).toBe(`auto (selected: ${CLOUD})`);
    expect(streamed.text).toBe('Echo: ping');
    expect(streamed.route).toEqual({ selected: CLOUD, policy: 'cloud-first', failed: [], skipped: [] });

    await localIdle();
    const edgeStreamed = await ask({ policy: 'edge-first', stream: true });
    expect(edgeStreamed.model).toBe(`auto (selected: ${LOCAL})`);
    expect(edgeStreamed.route).toEqual({ selected: LOCAL, policy: 'edge-first', failed: [], skipped: [] });
  });

  it('rejects an unknown x-switchyard-policy with an OpenAI-shaped 400 naming the header', async () => {
    const res = await fetch(`${stack.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [HEADERS.policy]: 'random' },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'ping' }], max_tokens: 4 }),
      signal: AbortSignal.timeout(5_000),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { type: string; param: string; message: string } };
    expect(spec.validate('ErrorResponse', body).errors).toEqual([]);
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: HEADERS.policy });
    expect(body.error.message).toContain('edge-first, cloud-first, fastest, cheapest');
  });

  it('sends auto to the cloud while the local worker’s only slot is busy', async () => {
    const hold = new AbortController();
    const holding = await within(
      5_000,
      'the request holding the local slot',
      fetch(`${stack.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // Seeded: a random-weights model may otherwise end its turn early by chance, and give the slot back.
        body: JSON.stringify({ model: LOCAL, messages: [{ role: 'user', content: 'hold' }], max_tokens: LONG_GENERATION, stream: true, seed: 3 }),
        signal: hold.signal,
      }),
    );
    try {
      expect(holding.status).toBe(200);
      expect(await new SseReader(holding).next(5_000)).toContain('chat.completion.chunk');
      await waitForRegistry(stack.router.url, (ws) => localOf(ws)?.heartbeat.inFlight === 1, 3_000, 'the heartbeat to show the local slot taken');

      const whole = await ask();
      expect(whole.model).toBe(`auto (selected: ${CLOUD})`);
      expect(whole.text).toBe('Echo: ping');
      expect(whole.route).toEqual({ selected: CLOUD, policy: 'edge-first', failed: [], skipped: [] });
      const streamed = await ask({ stream: true });
      expect(streamed.model).toBe(`auto (selected: ${CLOUD})`);
      expect(streamed.route).toEqual({ selected: CLOUD, policy: 'edge-first', failed: [], skipped: [] });
    } finally {
      hold.abort();
    }
  });

  it('falls back to local when the cloud answers 429, names the failure in the header and the event, then skips the limited provider', async () => {
    upstream.set({ scenario: 'rate-limited', rateLimitResetS: 30 });
    const before = upstream.hits('gpt-4o-mini');

    const first = await ask({ policy: 'cloud-first' });
    expect(first.status).toBe(200);
    expect(first.model).toBe(`auto (selected: ${LOCAL})`);
    expect(first.route).toEqual({ selected: LOCAL, policy: 'cloud-first', failed: [`${CLOUD} (rate_limit_exceeded)`], skipped: [] });
    expect(upstream.hits('gpt-4o-mini') - before).toBe(1);
    // The usage event carries the route: one durable record per request.
    const event = await events.of(first.requestId);
    expect(event).toMatchObject({
      requestedModel: 'auto',
      backend: LOCAL,
      route: { policy: 'cloud-first', selected: LOCAL, failed: [{ backend: CLOUD, code: 'rate_limit_exceeded' }], skipped: [] },
    });

    await waitForRegistry(
      stack.router.url,
      (ws) => cloudOf(ws)?.heartbeat.upstream?.rateLimits?.requests?.remaining === 0,
      3_000,
      'the cloud heartbeat to report no headroom',
    );
    await localIdle();
    const second = await ask({ policy: 'cloud-first' });
    expect(second.model).toBe(`auto (selected: ${LOCAL})`);
    expect(second.route).toEqual({ selected: LOCAL, policy: 'cloud-first', failed: [], skipped: [`${CLOUD} (rate_limited)`] });
    expect(upstream.hits('gpt-4o-mini') - before).toBe(1);
    expect((await events.of(second.requestId)).route?.skipped).toEqual([expect.objectContaining({ backend: CLOUD, reason: 'rate_limited' })]);
  });

  it('tries an alias’s backends in the order listed, and returns a client error at once', async () => {
    const healthy = await ask({ model: 'flaky' });
    expect(healthy.model).toBe(`flaky (selected: ${CLOUD})`);
    expect(healthy.route).toEqual({ selected: CLOUD, policy: 'edge-first', failed: [], skipped: [] });

    upstream.set({ scenario: 'server-error' });
    const failing = await ask({ model: 'flaky' });
    expect(failing.status).toBe(200);
    expect(failing.model).toBe(`flaky (selected: ${LOCAL})`);
    expect(failing.route).toEqual({ selected: LOCAL, policy: 'edge-first', failed: [`${CLOUD} (upstream_error)`], skipped: [] });

    upstream.set({ scenario: 'bad-request' });
    await localIdle();
    const completedBefore = (await localStatus()).completed;
    const rejected = await ask({ model: 'flaky' });
    expect(rejected.status).toBe(400);
    expect(rejected.error?.param).toBe('messages');
    expect(rejected.route).toEqual({ selected: null, policy: 'edge-first', failed: [`${CLOUD} (invalid_request)`], skipped: [] });
    expect((await localStatus()).completed).toBe(completedBefore);
  });

  it('opens the circuit of a cloud worker after 3 failures in a row, skips it, and closes it after a good probe', async () => {
    upstream.set({ scenario: 'server-error' });
    const before = upstream.hits('gpt-4o-mini');
    for (let i = 0; i < 3; i++) {
      const failed = await ask({ policy: 'cloud-first' });
      expect(failed.model).toBe(`auto (selected: ${LOCAL})`);
      expect(failed.route).toEqual({ selected: LOCAL, policy: 'cloud-first', failed: [`${CLOUD} (upstream_error)`], skipped: [] });
    }
    const open = await ask({ policy: 'cloud-first' });
    expect(open.model).toBe(`auto (selected: ${LOCAL})`);
    expect(open.route).toEqual({ selected: LOCAL, policy: 'cloud-first', failed: [], skipped: [`${CLOUD} (circuit_open)`] });
    expect(upstream.hits('gpt-4o-mini') - before).toBe(3);

    upstream.set({ scenario: undefined });
    await waitForRegistry(stack.router.url, (ws) => cloudOf(ws)?.circuit === 'half-open', 3_000, 'the circuit to let a probe through');
    const probe = await ask({ policy: 'cloud-first' });
    expect(probe.route).toEqual({ selected: CLOUD, policy: 'cloud-first', failed: [], skipped: [] });
    expect(cloudOf(await workers())?.circuit).toBe('closed');
  });

  it('routes around an unreachable cloud provider to local, and back once it answers again', async () => {
    await upstream.close();
    try {
      await waitForRegistry(
        stack.router.url,
        (ws) => cloudOf(ws)?.heartbeat.upstream?.reachable === false,
        4_000,
        'the cloud worker to report its provider unreachable',
      );
      const around = await ask({ policy: 'cloud-first' });
      expect(around.status).toBe(200);
      expect(around.model).toBe(`auto (selected: ${LOCAL})`);
      expect(around.route).toEqual({ selected: LOCAL, policy: 'cloud-first', failed: [], skipped: [] });
    } finally {
      // The same port again; the stack heals and closes the new one from now on.
      upstream = faults.upstream = await startFakeOpenAI({ apiKey: KEY, port: upstreamPort });
    }
    await waitForRegistry(stack.router.url, (ws) => cloudOf(ws)?.heartbeat.upstream?.reachable === true, 4_000, 'the provider reachable again');
    const back = await ask({ policy: 'cloud-first' });
    expect(back.route).toEqual({ selected: CLOUD, policy: 'cloud-first', failed: [], skipped: [] });
  });

  it('routes around a worker paused with SIGSTOP within 3 s, and uses it again after SIGCONT', async () => {
    const paused = stack.workerLocal;
    const handledBefore = await localHandled();
    stack.pause(paused);
    const pausedAt = Date.now();
    try {
      const first = await ask();
      expect(first.status).toBe(200);
      expect(first.model).toBe(`auto (selected: ${CLOUD})`);
      expect(first.route).toEqual({ selected: CLOUD, policy: 'edge-first', failed: [`${LOCAL} (timeout)`], skipped: [] });
      expect(Date.now() - pausedAt).toBeLessThan(3_000);

      await waitForRegistry(stack.router.url, (ws) => localOf(ws) === undefined, 5_000, 'the router to drop the paused worker');
      expect(Date.now() - pausedAt).toBeLessThan(3_600);
      const around = await ask();
      expect(around.route).toEqual({ selected: CLOUD, policy: 'edge-first', failed: [], skipped: [] });
      expect(around.ms).toBeLessThan(1_000);
    } finally {
      stack.resume(paused);
    }
    // The request the router gave up on while the worker was frozen still waits in its socket: once
    // resumed, the worker runs it (to nobody) before it is idle again.
    await waitFor(async () => (await localHandled()) > handledBefore && (await localStatus()).inFlight === 0, 5_000, 'the resumed worker to drain');
    await waitForRegistry(stack.router.url, (ws) => localOf(ws)?.heartbeat.inFlight === 0, 5_000, 'the resumed worker to be back and idle');
    const back = await ask();
    expect(back.model).toBe(`auto (selected: ${LOCAL})`);
    expect(back.route).toEqual({ selected: LOCAL, policy: 'edge-first', failed: [], skipped: [] });
  });

  it('completes a request on local when the cloud worker is SIGKILLed before its first token', async () => {
    const cloudId = cloudOf(await workers())?.heartbeat.workerId;
    upstream.set({ latencyMs: 10_000 });
    const before = upstream.hits('gpt-4o-mini');
    const pending = ask({ policy: 'cloud-first', stream: true, timeoutMs: 15_000 });
    await waitFor(() => upstream.hits('gpt-4o-mini') > before, 5_000, 'the cloud worker to call its provider');
    const killedAt = Date.now();
    await stack.kill(stack.workerCloud);

    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(answer.model).toBe(`auto (selected: ${LOCAL})`);
    expect(answer.text.length).toBeGreaterThan(0);
    expect(answer.route).toEqual({ selected: LOCAL, policy: 'cloud-first', failed: [`${CLOUD} (service_unavailable)`], skipped: [] });
    expect(Date.now() - killedAt).toBeLessThan(4_500);
    const event = await events.of(answer.requestId);
    expect(event.backend).toBe(LOCAL);
    expect(event.route?.failed).toEqual([expect.objectContaining({ backend: CLOUD, workerId: cloudId, code: 'service_unavailable' })]);
  });

  it('ends streams with an error event, and no [DONE], when their workers are SIGKILLed mid-stream', async () => {
    // The fake answers `Echo: <prompt>` in 40 pieces, 200 ms apart: about 8 s of stream.
    const prompt = 'keep going, one slow piece at a time, please';
    upstream.set({ chunks: 40, chunkDelayMs: 200 });
    const localRes = await within(
      5_000,
      'the local stream to start',
      fetch(`${stack.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'go on' }], max_tokens: LONG_GENERATION, stream: true }),
      }),
    );
    expect(routeOf(localRes.headers).selected).toBe(LOCAL);
    const local = new SseReader(localRes);
    const cloud = await within(
      5_000,
      'the cloud stream to start',
      client.chat.completions
        .create({ model: 'auto', messages: [{ role: 'user', content: prompt }], max_tokens: 100, stream: true }, { headers: { [HEADERS.policy]: 'cloud-first' } })
        .withResponse(),
    );
    expect(routeOf(cloud.response.headers).selected).toBe(CLOUD);
    const cloudChunks = cloud.data[Symbol.asyncIterator]();
    let cloudText = '';
    while (cloudText === '') {
      const next = await within(5_000, 'a cloud chunk', cloudChunks.next());
      if (next.done) throw new Error('the cloud stream ended before the kill');
      cloudText += next.value.choices[0]?.delta.content ?? '';
    }
    let localEvents = 0;
    while (localEvents < 3) if ((await local.next(5_000))?.includes('"content":"')) localEvents++;

    await Promise.all([stack.kill(stack.workerLocal), stack.kill(stack.workerCloud)]);
    const killedAt = Date.now();

    const rest = await local.rest(8_000);
    expect(rest).not.toContain('[DONE]');
    const last = JSON.parse(rest.at(-1) ?? '{}') as { error?: { code: string; message: string } };
    expect(spec.validate('ErrorResponse', last).errors).toEqual([]);
    expect(last.error?.code).toBe('service_unavailable');
    expect(last.error?.message).toContain(LOCAL);
    const failure = await within(
      8_000,
      'the cloud stream to fail',
      (async () => {
        for (let next = await cloudChunks.next(); !next.done; next = await cloudChunks.next()) cloudText += next.value.choices[0]?.delta.content ?? '';
        return undefined;
      })().catch((error: unknown) => error),
    );
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as APIError).code).toBe('service_unavailable');
    expect(cloudText.length).toBeLessThan(`Echo: ${prompt}`.length);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
  });

  it('resumes on the local model a stream whose cloud worker is SIGKILLed mid-stream: [DONE], the text so far kept', async () => {
    // The fake answers `Echo: <prompt>` in 40 pieces, 200 ms apart.
    const prompt = 'keep going, one slow piece at a time, please';
    upstream.set({ chunks: 40, chunkDelayMs: 200 });
    await localIdle();
    const res = await within(
      5_000,
      'the cloud stream to start',
      fetch(`${stack.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [HEADERS.policy]: 'cloud-first' },
        body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: prompt }], max_tokens: 60, stream: true, seed: 7 }),
      }),
    );
    expect(routeOf(res.headers).selected).toBe(CLOUD);
    const reader = new SseReader(res);
    const before: string[] = [];
    while (before.filter((e) => e.includes('"content":"')).length < 2) {
      const event = await reader.next(5_000);
      if (event === undefined) throw new Error('the stream ended before the kill');
      before.push(event);
    }
    await stack.kill(stack.workerCloud);
    const rest = await reader.rest(15_000);
    expect(rest.at(-1)).toBe('[DONE]');
    expect(rest.at(-2)).toBe(`: switchyard-resumed: ${CLOUD} (service_unavailable) -> ${LOCAL}`);
    const chunks = [...before, ...rest].filter((e) => e.startsWith('{')).map((e) => JSON.parse(e) as OpenAI.Chat.Completions.ChatCompletionChunk);
    for (const chunk of chunks) expect(spec.validate('CreateChatCompletionStreamResponse', chunk).errors).toEqual([]);
    expect(new Set(chunks.map((c) => c.model))).toEqual(new Set([`auto (selected: ${CLOUD})`]));
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    const cloudText = before.map((e) => (JSON.parse(e) as OpenAI.Chat.Completions.ChatCompletionChunk).choices[0]?.delta.content ?? '').join('');
    expect(text.startsWith(cloudText)).toBe(true);
    // The local model went on (llama-2-tiny-random writes random text, so only its presence is checked).
    expect(text.length).toBeGreaterThan(cloudText.length);
    expect(chunks.filter((c) => c.choices[0]?.finish_reason != null)).toHaveLength(1);
  });

  it('answers 503 service_unavailable within seconds, saying why, when every backend is down', async () => {
    await Promise.all([stack.kill(stack.workerLocal), stack.kill(stack.workerCloud)]);
    // Long enough for NATS to drop their subscriptions, well short of the 3 s the registry keeps them.
    await sleep(200);
    const down = await ask();
    expect(down.status).toBe(503);
    expect(down.error?.code).toBe('service_unavailable');
    expect(down.route).toEqual({ selected: null, policy: 'edge-first', failed: [`${LOCAL} (service_unavailable)`, `${CLOUD} (service_unavailable)`], skipped: [] });
    expect(down.error?.message).toContain(`Tried: ${LOCAL} (service_unavailable), ${CLOUD} (service_unavailable).`);
    expect(down.ms).toBeLessThan(3_000);

    await waitForRegistry(stack.router.url, (ws) => ws.length === 0, 5_000, 'the router to drop both dead workers');
    const empty = await ask({ stream: true });
    expect(empty.status).toBe(503);
    expect(empty.error?.code).toBe('service_unavailable');
    expect(empty.error?.message).toContain('no worker is connected');
    expect(empty.route).toEqual({ selected: null, policy: 'edge-first', failed: [], skipped: [] });
    expect(empty.ms).toBeLessThan(1_000);
  });
});
