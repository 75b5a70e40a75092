import { errorPart, type InferenceRequest, type StreamPart } from '@switchyard/contracts';
import type { ChatCompletionRequest } from '@switchyard/openai';
import { waitFor } from '@switchyard/testing';
import { heartbeat, story, useRouterHarness, type Script } from './request-router.harness';

describe('RequestRouter over a real NATS server', () => {
  const h = useRouterHarness();

  it('relays the stream of the chosen worker and names the selection for auto', async () => {
    await h.worker(heartbeat('w1', 'local', 'local', ['stories260k']), story);
    const parts = await h.route('auto');
    expect(parts.map((p) => p.type)).toEqual(['start', 'delta', 'finish', 'usage']);
    expect(parts[0]).toMatchObject({ type: 'start', backend: 'local:stories260k', model: 'auto (selected: local:stories260k)' });
  });

  it('shows the pinned backend id as the model for a pinned request', async () => {
    await h.worker(heartbeat('w1', 'local', 'local', ['stories260k']), story);
    const parts = await h.route('local:stories260k');
    expect(parts[0]).toMatchObject({ type: 'start', model: 'local:stories260k' });
  });

  it('sends the worker the backend it chose as target', async () => {
    let target: string | undefined;
    await h.worker(heartbeat('w1', 'local', 'local', ['stories260k']), async function* (request) {
      target = request.target;
      yield* story(request);
    });
    await h.route('auto');
    expect(target).toBe('local:stories260k');
  });

  it('moves on to the next candidate when the first is busy', async () => {
    await h.worker(heartbeat('busy', 'local', 'local', ['m']), async function* () {
      yield errorPart('backend_busy', 'full', { retryable: true });
    });
    await h.worker(heartbeat('free', 'local', 'local', ['m'], 1), story);
    const parts = await h.route('local:m');
    expect(h.calls).toEqual(['busy', 'free']);
    expect(parts[0]).toMatchObject({ type: 'start' });
    expect(parts.at(-1)).toMatchObject({ type: 'usage' });
  });

  it('moves on when a registered worker is gone (no responder on its subject)', async () => {
    await h.worker(heartbeat('gone', 'local', 'local', ['m']), story, { serve: false });
    await h.worker(heartbeat('ok', 'local', 'local', ['m'], 1), story);
    const parts = await h.route('local:m');
    expect(parts[0]).toMatchObject({ type: 'start' });
    expect(h.calls).toEqual(['ok']);
  });

  it('tries the next backend when one cannot honour a parameter, and returns the refusal when none can', async () => {
    const refuses: Script = async function* () {
      yield errorPart('unsupported_parameter', "'logprobs' is not supported", { param: 'logprobs' });
    };
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), refuses);
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), story);
    expect((await h.route('auto'))[0]).toMatchObject({ model: 'auto (selected: openai:gpt)', route: { failed: [{ backend: 'local:tiny', code: 'unsupported_parameter' }] } });
    expect(await h.route('local:tiny')).toEqual([expect.objectContaining({ type: 'error', code: 'unsupported_parameter', param: 'logprobs', retryable: false })]);
  });

  it('returns a non-retryable error from the worker as it is, without trying others', async () => {
    await h.worker(heartbeat('strict', 'local', 'local', ['m']), async function* () {
      yield errorPart('invalid_request', "'n' is not supported", { param: 'n' });
    });
    await h.worker(heartbeat('other', 'local', 'local', ['m'], 1), story);
    const parts = await h.route('local:m');
    expect(parts).toEqual([
      {
        ...errorPart('invalid_request', "'n' is not supported", { param: 'n' }),
        route: { policy: 'edge-first', selected: null, failed: [expect.objectContaining({ backend: 'local:m', workerId: 'strict', code: 'invalid_request' })], skipped: [] },
      },
    ]);
    expect(h.calls).toEqual(['strict']);
  });

  it('answers model_not_found for a model no worker serves', async () => {
    await h.worker(heartbeat('w1', 'local', 'local', ['stories260k']), story);
    const parts = await h.route('local:nothing');
    expect(parts).toEqual([expect.objectContaining({ type: 'error', code: 'model_not_found', param: 'model' })]);
  });

  it('answers backend_busy naming what it tried when every candidate is busy', async () => {
    const busy: Script = async function* () {
      yield errorPart('backend_busy', 'full', { retryable: true });
    };
    await h.worker(heartbeat('a', 'local', 'local', ['m']), busy);
    await h.worker(heartbeat('b', 'local', 'local', ['m']), busy);
    const [part] = await h.route('auto');
    expect(part).toMatchObject({ type: 'error', code: 'backend_busy', retryable: false });
    expect((part as { message: string }).message).toContain('Tried: local:m (backend_busy), local:m (backend_busy)');
  });

  it('passes the only candidate’s failure on as it was (an upstream 429 stays a 429)', async () => {
    await h.worker(heartbeat('limited', 'cloud', 'openai', ['gpt']), async function* () {
      yield errorPart('rate_limit_exceeded', 'openai (HTTP 429): slow down', { retryable: true });
    });
    expect(await h.route('openai:gpt')).toEqual([
      expect.objectContaining({ type: 'error', code: 'rate_limit_exceeded', message: 'openai (HTTP 429): slow down', param: null, retryable: false }),
    ]);
  });

  it('says a model cannot chat rather than that its workers are down', async () => {
    const embedder = { ...heartbeat('emb', 'local', 'local', ['embedder']), models: [{ name: 'embedder', contextLength: 512, capabilities: ['embeddings' as const] }] };
    await h.worker(embedder, story);
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), story);
    expect(await h.route('local:embedder')).toEqual([expect.objectContaining({ type: 'error', code: 'invalid_request', param: 'model' })]);
    h.makeRouter({ aliases: { x: ['openai:gpt-4o'] } });
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), story, { serve: false });
    expect(await h.route('x')).toEqual([expect.objectContaining({ type: 'error', code: 'service_unavailable', message: "No backend can serve model 'x' right now." })]);
  });

  it('answers service_unavailable when no worker is registered', async () => {
    expect(await h.route('auto')).toEqual([expect.objectContaining({ type: 'error', code: 'service_unavailable' })]);
  });

  const failsAfterOneDelta = async function* (): AsyncGenerator<StreamPart> {
    yield { type: 'start', backend: 'local:m', model: 'local:m', workerId: 'flaky' };
    yield { type: 'delta', index: 0, text: 'Once' };
    // Long enough for the delta to have left for the gateway.
    await new Promise((r) => setTimeout(r, 20));
    throw new Error('segfault');
  };

  it('fails over a worker that fails before any of its output has left it, though it had yielded some', async () => {
    await h.worker(heartbeat('flaky', 'local', 'local', ['m']), async function* () {
      yield { type: 'start', backend: 'local:m', model: 'local:m', workerId: 'flaky' };
      yield { type: 'delta', index: 0, text: 'Once' };
      throw new Error('segfault');
    });
    await h.worker(heartbeat('other', 'local', 'local', ['m'], 1), story);
    const parts = await h.route('local:m', undefined, { stream: true });
    expect(parts.map((p) => p.type)).toEqual(['start', 'delta', 'finish', 'usage']);
    expect(parts[0]).toMatchObject({ workerId: 'x', route: { selected: 'local:m', failed: [{ workerId: 'flaky', code: 'internal_error' }] } });
    expect(h.calls).toEqual(['flaky', 'other']);
  });

  it('reports a worker that fails after it started streaming as an error, without retrying', async () => {
    await h.worker(heartbeat('flaky', 'local', 'local', ['m']), failsAfterOneDelta);
    await h.worker(heartbeat('other', 'local', 'local', ['m'], 1), story);
    const parts = await h.route('local:m', undefined, { stream: true });
    expect(parts.map((p) => p.type)).toEqual(['start', 'delta', 'error']);
    expect(parts[2]).toMatchObject({ code: 'internal_error', retryable: false });
    expect(h.calls).toEqual(['flaky']);
  });

  it('holds an answer that is not streamed until it is whole, so a worker failing halfway is failed over', async () => {
    await h.worker(heartbeat('flaky', 'local', 'local', ['m']), failsAfterOneDelta);
    await h.worker(heartbeat('other', 'local', 'local', ['m'], 1), story);
    const parts = await h.route('local:m');
    expect(parts.map((p) => p.type)).toEqual(['start', 'delta', 'finish', 'usage']);
    expect(parts[0]).toMatchObject({ route: { selected: 'local:m', failed: [{ workerId: 'flaky', code: 'internal_error' }] } });
    expect(h.calls).toEqual(['flaky', 'other']);
  });

  it('prefers a local worker over a cloud worker for auto', async () => {
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt-4o-mini']), story);
    await h.worker(heartbeat('edge', 'local', 'local', ['stories260k'], 0), story);
    const parts = await h.route('auto');
    expect(parts[0]).toMatchObject({ model: 'auto (selected: local:stories260k)' });
    expect(h.calls).toEqual(['edge']);
  });

  it("measures a backend's time to first token without the wait its worker reports in its queue", async () => {
    const queued = async function* (request: InferenceRequest): AsyncGenerator<StreamPart> {
      await new Promise((resolve) => setTimeout(resolve, 300));
      for await (const part of story(request)) yield part.type === 'usage' ? { ...part, queuedMs: 300 } : part;
    };
    await h.worker(heartbeat('w1', 'local', 'local', ['a']), queued);
    expect((await h.route('local:a'))[0]).toMatchObject({ type: 'start' });
    const measured = h.latency.get('w1', 'local:a');
    expect(measured).toMatchObject({ samples: 1 });
    expect(measured?.ttftMs).toBeLessThan(200);
    expect(measured?.queuedMs).toBe(300);
  });

  it('cancels the worker when the caller aborts', async () => {
    let workerAborted = false;
    await h.worker(heartbeat('slow', 'local', 'local', ['m']), async function* (_request, signal) {
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
      body: { model: 'local:m', messages: [{ role: 'user', content: 'Hi' }], stream: true },
      deadline: Date.now() + 5_000,
    };
    let seen = 0;
    const stream = h.ask(request, {}, controller.signal);
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
    await h.worker(heartbeat('edge', 'local', 'local', ['stories260k']), story);
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt-4o-mini']), story);
    const parts = await h.route('auto', undefined, TOOLS);
    expect(parts[0]).toMatchObject({ model: 'auto (selected: openai:gpt-4o-mini)' });
    expect(h.calls).toEqual(['cloud']);
  });

  it('answers 400 naming the parameter when no backend serving the model supports it', async () => {
    await h.worker(heartbeat('edge', 'local', 'local', ['stories260k']), story);
    expect(await h.route('local:stories260k', undefined, TOOLS)).toEqual([
      expect.objectContaining({ type: 'error', code: 'unsupported_parameter', param: 'tools' }),
    ]);
    expect(await h.route('auto', undefined, { response_format: { type: 'json_object' } })).toEqual([
      expect.objectContaining({ type: 'error', code: 'unsupported_parameter', param: 'response_format' }),
    ]);
    expect(h.calls).toEqual([]);
  });

  it('skips a cloud worker whose provider is unreachable', async () => {
    const down = { ...heartbeat('down', 'cloud', 'openai', ['gpt-4o-mini']), upstream: { reachable: false, checkedAt: Date.now(), reason: 'ECONNREFUSED' } };
    await h.worker(down, story);
    await h.worker(heartbeat('up', 'cloud', 'openai', ['gpt-4o-mini'], 1), story);
    const parts = await h.route('openai:gpt-4o-mini');
    expect(parts[0]).toMatchObject({ type: 'start' });
    expect(h.calls).toEqual(['up']);
  });
});
