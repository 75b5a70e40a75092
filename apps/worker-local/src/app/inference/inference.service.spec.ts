import { Writable } from 'node:stream';
import type { StreamPart } from '@switchyard/contracts';
import pino from 'pino';
import { fakeLogprob } from '../testing/fake-engine';
import { collect, completion, decoded, embeddings, harness, request, types, type Harness } from '../testing/inference-service-harness';
import { InferenceService } from './inference.service';

describe('InferenceService', () => {
  it('streams start, one delta per chunk, finish and usage, in that order', async () => {
    const { service, stats } = await harness();
    const parts = await collect(service, request().data);
    expect(parts).toEqual([
      { type: 'start', backend: 'local:fake', model: 'local:fake', workerId: 'w-test' },
      { type: 'delta', index: 0, text: 'Once' },
      { type: 'delta', index: 0, text: ' upon' },
      { type: 'delta', index: 0, text: ' a' },
      { type: 'delta', index: 0, text: ' time' },
      { type: 'finish', index: 0, reason: 'stop' },
      { type: 'usage', promptTokens: 7, completionTokens: 4, workerMs: expect.any(Number) },
    ]);
    expect(stats).toMatchObject({ completed: 1, generatedTokens: 4 });
  });

  it("finishes with 'length' when max_tokens cuts the answer", async () => {
    const { service } = await harness();
    const parts = await collect(service, request({ max_tokens: 2 }).data);
    expect(types(parts)).toEqual(['start', 'delta', 'delta', 'finish', 'usage']);
    expect(parts.slice(-2)).toEqual([
      { type: 'finish', index: 0, reason: 'length' },
      { type: 'usage', promptTokens: 7, completionTokens: 2, workerMs: expect.any(Number) },
    ]);
  });

  it('hands the converted request to the engine', async () => {
    const { service, engine } = await harness();
    await collect(service, request({ temperature: 0, stop: 'END', seed: 5, max_completion_tokens: 3 }).data);
    expect(engine.models.get('fake')?.inputs[0]).toMatchObject({
      history: [{ type: 'user', text: 'Once upon a time' }],
      temperature: 0,
      stop: ['END'],
      seed: 5,
      maxTokens: 3,
    });
  });

  it.each<[string, () => Uint8Array, { code: string; param: string | null }]>([
    ['an unknown local model', () => request({}, { target: 'local:nope' }).data, { code: 'model_not_found', param: 'model' }],
    ["another provider's model", () => request({}, { target: 'openai:gpt-4o' }).data, { code: 'model_not_found', param: 'model' }],
    ['a custom tool', () => request({ tools: [{ type: 'custom', custom: { name: 'f' } }] }).data, { code: 'unsupported_parameter', param: 'tools[0]' }],
    ['a logit_bias id outside the vocabulary', () => request({ logit_bias: { '1000': 1 } }).data, { code: 'invalid_request', param: 'logit_bias' }],
    ['a suffix without infill tokens', () => completion({ suffix: 'end' }).data, { code: 'unsupported_parameter', param: 'suffix' }],
    ['a prompt token id outside the vocabulary', () => completion({ prompt: [[1], [2, 1000]] }).data, { code: 'invalid_request', param: 'prompt[1]' }],
    ['dimensions other than the model size', () => embeddings({ dimensions: 8 }).data, { code: 'unsupported_parameter', param: 'dimensions' }],
    ['an embeddings token id outside the vocabulary', () => embeddings({ input: [3, 4000] }).data, { code: 'invalid_request', param: 'input' }],
    [
      'an image part',
      () => request({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] }).data,
      { code: 'unsupported_parameter', param: 'messages[0].content[0]' },
    ],
  ])('refuses %s with one error part and no generation', async (_name, data, expected) => {
    const { service, engine } = await harness();
    const parts = await collect(service, data());
    expect(parts).toEqual([expect.objectContaining({ type: 'error', retryable: false, ...expected })]);
    const fake = engine.models.get('fake');
    expect([fake?.inputs.length, fake?.completions.length, fake?.embedded.length]).toEqual([0, 0, 0]);
  });

  it("refuses a prompt larger than the context with 'context_length_exceeded' on messages", async () => {
    const { service } = await harness({ fake: { promptTokens: 600, contextLength: 512 } });
    const parts = await collect(service, request().data);
    expect(parts).toEqual([expect.objectContaining({ type: 'error', code: 'context_length_exceeded', param: 'messages' })]);
  });

  it('answers backend_busy, retryable, at once when the queue is full', async () => {
    const { service, stats } = await harness({}, { concurrency: 1, maxQueue: 0 });
    const running = new AbortController();
    const first = service.handle(decoded(request({}, { target: 'local:slow' }).data), running.signal);
    expect((await first.next()).value).toMatchObject({ type: 'start' });
    const started = Date.now();
    const parts = await collect(service, request({}, { target: 'local:slow' }).data);
    expect(Date.now() - started).toBeLessThan(100);
    expect(parts).toEqual([expect.objectContaining({ type: 'error', code: 'backend_busy', retryable: true })]);
    expect(stats.busyRejections).toBe(1);
    running.abort();
    await first.return(undefined);
  });

  it('times out, retryable, a request whose deadline passes while queued', async () => {
    const { service, registry, stats } = await harness();
    const running = new AbortController();
    const first = service.handle(decoded(request({}, { target: 'local:slow' }).data), running.signal);
    await first.next();
    const parts = await collect(service, request({}, { target: 'local:slow', deadline: Date.now() + 50 }).data);
    expect(parts).toEqual([expect.objectContaining({ type: 'error', code: 'timeout', retryable: true })]);
    expect(registry.get('slow')?.scheduler.queued).toBe(0);
    expect(stats.timeouts).toBe(1);
    running.abort();
    await first.return(undefined);
  });

  it('drops a queued request whose caller goes away, sending nothing', async () => {
    const { service, registry, stats } = await harness();
    const running = new AbortController();
    const first = service.handle(decoded(request({}, { target: 'local:slow' }).data), running.signal);
    await first.next();
    const leaving = new AbortController();
    const queued = request({}, { target: 'local:slow' });
    const parts = collect(service, queued.data, leaving.signal);
    await new Promise((r) => setTimeout(r, 20));
    expect(registry.get('slow')?.scheduler.queued).toBe(1);
    leaving.abort();
    await expect(parts).resolves.toEqual([]);
    expect(registry.get('slow')?.scheduler.queued).toBe(0);
    expect(stats.lastCancelled).toEqual({ requestId: queued.id, generatedTokens: 0 });
    running.abort();
    await first.return(undefined);
  });

  it('stops generating when the caller goes away, frees the slot and counts the cancellation', async () => {
    const { service, registry, engine, stats } = await harness();
    const caller = new AbortController();
    const { id, data } = request({}, { target: 'local:slow' });
    const parts: StreamPart[] = [];
    for await (const part of service.handle(decoded(data), caller.signal)) {
      parts.push(part);
      if (parts.filter((p) => p.type === 'delta').length === 3) caller.abort();
    }
    expect(types(parts)).toEqual(['start', 'delta', 'delta', 'delta']);
    expect(stats.cancelled).toBe(1);
    expect(stats.lastCancelled).toEqual({ requestId: id, generatedTokens: 3 });
    expect(registry.get('slow')?.scheduler.inFlight).toBe(0);
    expect(engine.models.get('slow')?.running).toBe(0);
  });

  it('counts a cancellation when the caller stops reading after aborting', async () => {
    const { service, registry, stats } = await harness();
    const caller = new AbortController();
    const { id, data } = request({}, { target: 'local:slow' });
    const stream = service.handle(decoded(data), caller.signal);
    await stream.next();
    await stream.next();
    caller.abort();
    await stream.return(undefined);
    expect(stats.lastCancelled).toEqual({ requestId: id, generatedTokens: 1 });
    expect(registry.get('slow')?.scheduler.inFlight).toBe(0);
  });

  it.each<[string, (h: Harness) => void, string, { deadlineMs?: number }]>([
    ['the deadline passes during generation', () => undefined, 'timeout', { deadlineMs: 60 }],
    ['shutdown stops running work', (h) => {
        h.drain.enter();
        setTimeout(() => void h.drain.whenDone(), 60);
      }, 'service_unavailable', {}],
  ])('ends with an error part when %s', async (_name, act, code, { deadlineMs }) => {
    const h = await harness();
    act(h);
    const deadline = deadlineMs === undefined ? undefined : Date.now() + deadlineMs;
    const parts = await collect(h.service, request({}, { target: 'local:slow', deadline }).data);
    expect(parts[0].type).toBe('start');
    expect(parts.at(-1)).toMatchObject({ type: 'error', code, retryable: false });
    expect(types(parts)).not.toContain('finish');
  });

  it('refuses new work, retryable, while draining', async () => {
    const { service, drain } = await harness();
    drain.begin();
    const parts = await collect(service, request().data);
    expect(parts).toEqual([expect.objectContaining({ type: 'error', code: 'backend_busy', retryable: true })]);
  });

  it('turns an engine failure into an internal_error part', async () => {
    const { service, stats } = await harness({ fake: { failAfter: 2 } });
    const parts = await collect(service, request().data);
    expect(types(parts)).toEqual(['start', 'delta', 'delta', 'error']);
    expect(parts.at(-1)).toMatchObject({ code: 'internal_error', retryable: false });
    expect(stats.failed).toBe(1);
  });
});

describe('InferenceService: choices, completions and embeddings', () => {
  const ofType = <T extends StreamPart['type']>(parts: readonly StreamPart[], type: T): Extract<StreamPart, { type: T }>[] =>
    parts.filter((p): p is Extract<StreamPart, { type: T }> => p.type === type);

  it('runs n chat choices one after the other within one slot: one start, indexed deltas, usage summed', async () => {
    const { service, engine } = await harness({}, { concurrency: 1, maxQueue: 0 });
    const parts = await collect(service, request({ n: 3, seed: 5 }).data);
    expect(types(parts)).toEqual(['start', ...[0, 1, 2].flatMap(() => ['delta', 'delta', 'delta', 'delta', 'finish']), 'usage']);
    expect(ofType(parts, 'finish').map((f) => f.index)).toEqual([0, 1, 2]);
    expect(parts.at(-1)).toEqual({ type: 'usage', promptTokens: 7, completionTokens: 12, workerMs: expect.any(Number) });
    expect(engine.models.get('fake')?.inputs.map((i) => i.seed)).toEqual([5, 6, 7]);
  });

  it('gives chat choices without a seed different random seeds', async () => {
    const { service, engine } = await harness();
    await collect(service, request({ n: 2 }).data);
    const seeds = engine.models.get('fake')?.inputs.map((i) => i.seed) ?? [];
    expect(seeds.every((seed) => Number.isInteger(seed))).toBe(true);
    expect(new Set(seeds).size).toBe(2);
  });

  it('passes chat logprobs, JSON formats and logit bias to the engine and logprobs back in deltas', async () => {
    const { service, engine } = await harness();
    const parts = await collect(service, request({ logprobs: true, top_logprobs: 2, response_format: { type: 'json_object' }, logit_bias: { '42': -100 } }).data);
    expect(engine.models.get('fake')?.inputs[0]).toMatchObject({ logprobs: 2, format: { type: 'json_object' }, logitBias: [{ token: 42, bias: -100 }] });
    expect(ofType(parts, 'delta')[0].logprobs).toEqual([expect.objectContaining({ token: 'Once', top_logprobs: [expect.anything(), expect.anything()] })]);
  });

  it('indexes completion choices prompt * n + i, echoes each prompt first and counts each prompt once', async () => {
    const { service, engine } = await harness();
    const parts = await collect(service, completion({ prompt: ['A', 'B'], n: 2, echo: true, max_tokens: 2 }).data);
    expect(ofType(parts, 'finish').map((f) => [f.index, f.reason])).toEqual([
      [0, 'length'],
      [1, 'length'],
      [2, 'length'],
      [3, 'length'],
    ]);
    expect([0, 1, 2, 3].map((i) => ofType(parts, 'delta').filter((d) => d.index === i).map((d) => d.text).join(''))).toEqual(['AOnce upon', 'AOnce upon', 'BOnce upon', 'BOnce upon']);
    expect(parts.at(-1)).toEqual({ type: 'usage', promptTokens: 14, completionTokens: 8, workerMs: expect.any(Number) });
    expect(engine.models.get('fake')?.completions.map((c) => c.prompt)).toEqual(['A', 'A', 'B', 'B']);
  });

  it('returns the n best of best_of candidates, ranked by mean log probability, counting all in usage', async () => {
    const { service, engine } = await harness();
    // Seeds 4, 5, 6 score -0.5, -0.1, -0.2 per token (see fakeLogprob).
    const parts = await collect(service, completion({ best_of: 3, n: 2, seed: 4, logprobs: 0 }).data);
    expect(engine.models.get('fake')?.completions.map((c) => c.options.seed)).toEqual([4, 5, 6]);
    const firstLogprob = (index: number): number | undefined => ofType(parts, 'delta').find((d) => d.index === index)?.logprobs?.[0].logprob;
    expect([firstLogprob(0), firstLogprob(1)]).toEqual([fakeLogprob(5), fakeLogprob(6)]);
    expect(ofType(parts, 'finish').map((f) => f.index)).toEqual([0, 1]);
    expect(parts.at(-1)).toEqual({ type: 'usage', promptTokens: 7, completionTokens: 12, workerMs: expect.any(Number) });
  });

  it('scores best_of candidates without sending logprobs nobody asked for', async () => {
    const { service, engine } = await harness();
    const parts = await collect(service, completion({ best_of: 2 }).data);
    expect(engine.models.get('fake')?.completions.map((c) => c.options.logprobs)).toEqual([0, 0]);
    expect(ofType(parts, 'delta').every((d) => d.logprobs === undefined)).toBe(true);
    expect(ofType(parts, 'finish')).toHaveLength(1);
  });

  it("refuses a prompt larger than the context with 'context_length_exceeded' on prompt", async () => {
    const { service } = await harness({ fake: { promptTokens: 600, contextLength: 512 } });
    expect(await collect(service, completion().data)).toEqual([expect.objectContaining({ type: 'error', code: 'context_length_exceeded', param: 'prompt' })]);
  });

  it('stops the remaining choices when the caller goes away, freeing the slot', async () => {
    const { service, registry, engine, stats } = await harness();
    const caller = new AbortController();
    const parts: StreamPart[] = [];
    for await (const part of service.handle(decoded(completion({ n: 3, max_tokens: 50 }, { target: 'local:slow' }).data), caller.signal)) {
      parts.push(part);
      if (parts.length === 3) caller.abort();
    }
    expect(ofType(parts, 'finish')).toEqual([]);
    expect(engine.models.get('slow')?.completions).toHaveLength(1);
    expect(registry.get('slow')?.scheduler.inFlight).toBe(0);
    expect(stats.cancelled).toBe(1);
  });

  it('answers embeddings with start, one part per input in order, and usage', async () => {
    const { service, engine } = await harness();
    const parts = await collect(service, embeddings({ input: ['a b', 'c', 'a b'], dimensions: 4 }).data);
    expect(types(parts)).toEqual(['start', 'embedding', 'embedding', 'embedding', 'usage']);
    const vectors = ofType(parts, 'embedding');
    expect(vectors.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(vectors[2].vector).toEqual(vectors[0].vector);
    expect(vectors[1].vector).not.toEqual(vectors[0].vector);
    expect(parts.at(-1)).toEqual({ type: 'usage', promptTokens: 8, completionTokens: 0, workerMs: expect.any(Number) });
    expect(engine.models.get('fake')?.embedded).toEqual([['a b', 'c', 'a b']]);
  });

  it("refuses an embeddings input that does not fit with 'context_length_exceeded' naming it", async () => {
    const { service } = await harness({ fake: { contextLength: 3 } });
    expect(await collect(service, embeddings({ input: ['a', 'b c d e'] }).data)).toEqual([
      expect.objectContaining({ type: 'error', code: 'context_length_exceeded', param: 'input[1]' }),
    ]);
  });

  it('queues every kind behind the model scheduler: busy at once when the queue is full', async () => {
    const { service } = await harness({}, { concurrency: 1, maxQueue: 0 });
    const running = new AbortController();
    const first = service.handle(decoded(request({}, { target: 'local:slow' }).data), running.signal);
    expect((await first.next()).value).toMatchObject({ type: 'start' });
    for (const next of [completion({}, { target: 'local:slow' }), embeddings({}, { target: 'local:slow' })]) {
      expect(await collect(service, next.data)).toEqual([expect.objectContaining({ type: 'error', code: 'backend_busy', retryable: true })]);
    }
    running.abort();
    await first.return(undefined);
  });

  it('reports its own time on the usage part: receipt to usage, queueing and generation included', async () => {
    const { service } = await harness();
    const started = performance.now();
    const parts = await collect(service, request({ max_tokens: 5 }, { target: 'local:slow' }).data);
    const elapsed = performance.now() - started;
    const usage = parts.at(-1);
    if (usage?.type !== 'usage') throw new Error('expected usage last');
    // Five tokens, 10 ms apart.
    expect(usage.workerMs).toBeGreaterThanOrEqual(40);
    expect(usage.workerMs).toBeLessThanOrEqual(elapsed);
  });

  it('reports on the usage part how long the request waited for a slot', async () => {
    const { service } = await harness();
    const running = new AbortController();
    const first = service.handle(decoded(request({}, { target: 'local:slow' }).data), running.signal);
    await first.next();
    const second = collect(service, request({ max_tokens: 2 }, { target: 'local:slow' }).data);
    await new Promise((resolve) => setTimeout(resolve, 100));
    running.abort();
    await first.return(undefined);
    const usage = (await second).at(-1);
    if (usage?.type !== 'usage') throw new Error('expected usage last');
    expect(usage.queuedMs).toBeGreaterThanOrEqual(90);
    expect(usage.queuedMs).toBeLessThanOrEqual(usage.workerMs ?? 0);
    const alone = (await collect(service, request({ max_tokens: 2 }, { target: 'local:slow' }).data)).at(-1);
    expect(alone).toMatchObject({ type: 'usage' });
    expect(alone).not.toHaveProperty('queuedMs');
  });

  it('logs every line about a request with its id and traceparent from the NATS headers', async () => {
    const { registry, stats, drain } = await harness();
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done): void {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const traced = new InferenceService(registry, stats, drain, pino({ level: 'debug' }, sink), 'w-test');
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const { id, data } = request();
    for await (const part of traced.handle(decoded(data), new AbortController().signal, { 'x-request-id': id, traceparent })) void part;
    expect(lines.map((line) => line['msg'])).toEqual(['generation started', 'generation completed']);
    expect(lines.every((line) => line['requestId'] === id && line['traceparent'] === traceparent)).toBe(true);
  });
});
