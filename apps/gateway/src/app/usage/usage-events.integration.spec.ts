import { once } from 'node:events';
import { Test } from '@nestjs/testing';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigSchema } from '@switchyard/config';
import { EVENTS_STREAM, SUBJECTS, type ClientRateLimitEvent, type ReplyPart, type Route, type StreamPart, type UsageEvent } from '@switchyard/contracts';
import { KeyStore, openKeysBucket, type KeyRecord } from '@switchyard/keys';
import { createLogger } from '@switchyard/observability';
import { startTestNats, storedEvents, type TestNats } from '@switchyard/testing';
import { connect, type NatsConnection } from 'nats';
import { WebSocket } from 'ws';
import { AppModule } from '../app.module';
import { configureGateway } from '../configure-gateway';
import type { InferenceJob, RequestContext } from '../inference/inference.client';
import { InferenceClient } from '../inference/inference.client';
import { renderedAnswer } from '../testing/rendered-answer';

jest.setTimeout(30_000);

/** Between two deltas of a scripted answer, and before its first, in ms. */
const GAP_MS = 30;
const FIRST_MS = 60;
/** What the scripted worker says it spent. */
const WORKER_MS = 50;

/** The route the scripted router took: the cloud was rate-limited, the edge answered. */
const ROUTE: Route = { policy: 'cloud-first', selected: 'local:tiny', failed: [{ backend: 'openai:gpt', workerId: 'c1', code: 'rate_limit_exceeded', ms: 4 }], skipped: [] };
/** No backend could answer: the one there had its circuit open. */
const NO_ROUTE: Route = { policy: 'edge-first', selected: null, failed: [], skipped: [{ backend: 'local:tiny', workerId: 'w1', reason: 'circuit_open' }] };
const START: StreamPart = { type: 'start', backend: 'local:tiny', model: 'auto (selected: local:tiny)', workerId: 'w1', route: ROUTE };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Stands in for the router: the requested model names the script. */
class ScriptedInference {
  run(job: InferenceJob, context: RequestContext, signal: AbortSignal): AsyncGenerator<ReplyPart> {
    return renderedAnswer(job.render, this.script(job, context, signal));
  }

  private async *script(job: InferenceJob, _context: RequestContext, signal: AbortSignal): AsyncGenerator<StreamPart> {
    const script = job.body.model;
    if (script === 'fail-first') {
      await sleep(10);
      yield { type: 'error', code: 'service_unavailable', message: 'No backend is available.', param: null, retryable: true, route: NO_ROUTE };
      return;
    }
    yield START;
    if (job.kind === 'embeddings') {
      await sleep(FIRST_MS);
      yield { type: 'embedding', index: 0, vector: [0.6, 0.8] };
      yield { type: 'usage', promptTokens: 4, completionTokens: 0, workerMs: WORKER_MS };
      return;
    }
    await sleep(FIRST_MS);
    for (const word of ['Once', ' upon', ' a']) {
      if (signal.aborted) return;
      yield { type: 'delta', index: 0, text: word };
      if (script === 'fail-mid' && word === ' upon') {
        yield { type: 'error', code: 'upstream_error', message: 'The backend failed mid-stream.', param: null, retryable: false };
        return;
      }
      await sleep(script === 'slow' ? 1_000 : GAP_MS);
    }
    yield { type: 'finish', index: 0, reason: 'stop' };
    yield { type: 'usage', promptTokens: 5, completionTokens: 3, workerMs: WORKER_MS };
  }
}

describe('usage events of the gateway (real HTTP, WebSocket and JetStream)', () => {
  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const keysBucket = `test_usage_keys_${stamp}`;
  const rateLimitBucket = `test_usage_limits_${stamp}`;
  let nats: TestNats;
  let admin: NatsConnection;
  let app: NestFastifyApplication;
  let url: string;
  let key: string;
  let record: KeyRecord;
  let since: Date;
  let counter = 0;

  beforeAll(async () => {
    since = new Date(Date.now() - 1_000);
    nats = await startTestNats();
    admin = await connect({ servers: nats.url });
    ({ key, record } = await new KeyStore(await openKeysBucket(admin, { bucket: keysBucket })).create({ name: 'usage-test', limits: { rpm: 100, tpm: 50_000 } }));
    const config = ConfigSchema.parse({ nats: { url: nats.url }, gateway: { keysBucket, rateLimitBucket } });
    const logger = createLogger('gateway', process.env['TEST_LOG_LEVEL'] ?? 'silent');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config, logger)] })
      .overrideProvider(InferenceClient)
      .useValue(new ScriptedInference())
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { bodyParser: false, logger: false });
    configureGateway(app, config, logger);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    const jsm = await admin.jetstreamManager();
    for (const bucket of [keysBucket, rateLimitBucket]) await jsm.streams.delete(`KV_${bucket}`).catch(() => undefined);
    await admin.close();
    await nats.stop();
  });

  /** The usage event stored for `requestId`. */
  async function usageOf(requestId: string): Promise<UsageEvent> {
    const [event] = await storedEvents<UsageEvent>({ url: nats.url, stream: EVENTS_STREAM.name, subject: SUBJECTS.usageEvent, since, match: (e) => e.requestId === requestId });
    if (!event) throw new Error(`no usage event stored for ${requestId}`);
    return event;
  }

  /** POSTs `body` to `path` with the key and a fresh request id; returns the id, the status and the body text. */
  async function post(path: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<{ requestId: string; status: number; text: Promise<string> }> {
    const requestId = `usage-${stamp}-${++counter}`;
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-request-id': requestId },
      body: JSON.stringify(body),
      signal,
    });
    return { requestId, status: res.status, text: res.text() };
  }

  const chat = (model: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ model, messages: [{ role: 'user', content: 'Hi' }], ...extra });

  /**
   * Timings a scripted answer of three deltas must show; the worker's time is `WORKER_MS`. A whole answer's
   * first output is its body, rendered after the last delta; being one piece, it has no gap between tokens.
   */
  function expectTimings(event: UsageEvent, before: number, after: number): void {
    expect(event.receivedAt).toBeGreaterThanOrEqual(before - 1);
    expect(event.receivedAt).toBeLessThanOrEqual(after);
    if (event.streamed) {
      expect(event.ttftMs).toBeGreaterThanOrEqual(FIRST_MS - 2);
      expect(event.interTokenMs).toBeGreaterThanOrEqual(GAP_MS - 2);
      expect(event.interTokenMs).toBeLessThan(GAP_MS * 3);
      expect(event.durationMs).toBeGreaterThanOrEqual((event.ttftMs ?? 0) + 2 * GAP_MS - 4);
    } else {
      expect(event.ttftMs).toBeGreaterThanOrEqual(FIRST_MS + 3 * GAP_MS - 4);
      expect(event.interTokenMs).toBeNull();
    }
    expect(event.durationMs).toBeLessThanOrEqual(after - event.receivedAt + 1);
    expect(event.overheadMs).toBeCloseTo(event.durationMs - WORKER_MS, 2);
  }

  it.each<[string, string, Record<string, unknown>, Pick<UsageEvent, 'kind' | 'endpoint' | 'streamed'>]>([
    ['a chat completion as JSON', '/v1/chat/completions', chat('ok'), { kind: 'chat', endpoint: 'chat/completions', streamed: false }],
    ['a chat completion as SSE', '/v1/chat/completions', chat('ok', { stream: true }), { kind: 'chat', endpoint: 'chat/completions', streamed: true }],
    ['a text completion as SSE', '/v1/completions', { model: 'ok', prompt: 'Once', stream: true }, { kind: 'completion', endpoint: 'completions', streamed: true }],
    ['an Anthropic message as SSE', '/v1/messages', { ...chat('ok', { stream: true }), max_tokens: 16 }, { kind: 'chat', endpoint: 'messages', streamed: true }],
    ['an Anthropic message as JSON', '/v1/messages', { ...chat('ok'), max_tokens: 16 }, { kind: 'chat', endpoint: 'messages', streamed: false }],
  ])('publishes one event for %s: key, model, backend, status, tokens and timings', async (_name, path, body, expected) => {
    const before = Date.now();
    const { requestId, status, text } = await post(path, body);
    await text;
    const after = Date.now();
    expect(status).toBe(200);
    const event = await usageOf(requestId);
    expect(event).toEqual({
      requestId,
      receivedAt: expect.any(Number),
      keyId: record.id,
      ...expected,
      requestedModel: 'ok',
      backend: 'local:tiny',
      status: 200,
      errorCode: null,
      promptTokens: 5,
      completionTokens: 3,
      durationMs: expect.any(Number),
      ttftMs: expect.any(Number),
      interTokenMs: expected.streamed ? expect.any(Number) : null,
      overheadMs: expect.any(Number),
      route: ROUTE,
    });
    expectTimings(event, before, after);
  });

  it('publishes embeddings with the first vector as the first output and no gap between deltas', async () => {
    const { requestId, status, text } = await post('/v1/embeddings', { model: 'ok', input: 'Hi' });
    await text;
    expect(status).toBe(200);
    const event = await usageOf(requestId);
    expect(event).toMatchObject({ kind: 'embeddings', endpoint: 'embeddings', streamed: false, backend: 'local:tiny', status: 200, errorCode: null, promptTokens: 4, completionTokens: 0, interTokenMs: null });
    expect(event.ttftMs).toBeGreaterThanOrEqual(FIRST_MS - 2);
    expect(event.overheadMs).toBeCloseTo(event.durationMs - WORKER_MS, 2);
  });

  it('publishes an error before the first token with the status the client got, no backend, and the router’s route', async () => {
    const { requestId, status, text } = await post('/v1/chat/completions', chat('fail-first', { stream: true }));
    expect(JSON.parse(await text)).toMatchObject({ error: { code: 'service_unavailable' } });
    expect(status).toBe(503);
    expect(await usageOf(requestId)).toEqual({
      requestId,
      receivedAt: expect.any(Number),
      keyId: record.id,
      kind: 'chat',
      endpoint: 'chat/completions',
      requestedModel: 'fail-first',
      backend: null,
      status: 503,
      errorCode: 'service_unavailable',
      streamed: true,
      promptTokens: 0,
      completionTokens: 0,
      durationMs: expect.any(Number),
      ttftMs: null,
      interTokenMs: null,
      overheadMs: null,
      route: NO_ROUTE,
    });
  });

  it('publishes a mid-stream error as status 200 with the error code, timed up to the failure', async () => {
    const { requestId, status, text } = await post('/v1/chat/completions', chat('fail-mid', { stream: true }));
    expect(await text).toContain('"code":"upstream_error"');
    expect(status).toBe(200);
    const event = await usageOf(requestId);
    expect(event).toMatchObject({ backend: 'local:tiny', status: 200, errorCode: 'upstream_error', streamed: true, promptTokens: 0, completionTokens: 0, overheadMs: null });
    expect(event.ttftMs).toBeGreaterThanOrEqual(FIRST_MS - 2);
    expect(event.interTokenMs).toBeGreaterThanOrEqual(GAP_MS - 2);
  });

  it('publishes a stream the client left as cancelled', async () => {
    const abort = new AbortController();
    const { requestId, text } = await post('/v1/chat/completions', chat('slow', { stream: true }), abort.signal);
    await sleep(FIRST_MS + 100);
    abort.abort();
    await text.catch(() => undefined);
    expect(await usageOf(requestId)).toMatchObject({ status: 200, errorCode: 'cancelled', backend: 'local:tiny', completionTokens: 0 });
  });

  it('publishes one event per WebSocket request, streamed or whole', async () => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/chat/completions`, { headers: { authorization: `Bearer ${key}` } });
    const started = new Map<string, string>();
    const done = new Set<string>();
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; id: string; request_id?: string };
      if (message.type === 'started' && message.request_id) started.set(message.id, message.request_id);
      if (message.type === 'done') done.add(message.id);
    });
    await once(ws, 'open');
    const before = Date.now();
    ws.send(JSON.stringify({ id: 's', body: chat('ok', { stream: true }) }));
    ws.send(JSON.stringify({ id: 'w', body: chat('ok', { stream: false }) }));
    while (done.size < 2) await sleep(10);
    const after = Date.now();
    ws.close();
    for (const [id, streamed] of [['s', true], ['w', false]] as const) {
      const event = await usageOf(started.get(id) ?? '');
      expect(event).toMatchObject({ keyId: record.id, kind: 'chat', endpoint: 'chat/completions', requestedModel: 'ok', backend: 'local:tiny', status: 200, errorCode: null, streamed, promptTokens: 5, completionTokens: 3 });
      expectTimings(event, before, after);
    }
  });

  it('publishes the key’s rate-limit counters as they change', async () => {
    const events = await storedEvents<ClientRateLimitEvent>({
      url: nats.url,
      stream: EVENTS_STREAM.name,
      subject: SUBJECTS.clientRateLimitEvent,
      since,
      match: (e) => e.keyId === record.id,
    });
    expect(events[0]).toEqual({ keyId: record.id, at: expect.any(Number), requests: { limit: 100, remaining: 99 }, tokens: { limit: 50_000, remaining: expect.any(Number) } });
    // One more request: its reading goes out at most a second later and shows what its answer said is left. Read
    // until it is found: reading the stream event by event with a short budget used to stop early on a slow machine.
    const sentAt = Date.now();
    const { status, remaining } = await (async () => {
      const res = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(chat('ok')),
      });
      await res.text();
      return { status: res.status, remaining: Number(res.headers.get('x-ratelimit-remaining-requests')) };
    })();
    expect(status).toBe(200);
    const final = await storedEvents<ClientRateLimitEvent>({
      url: nats.url,
      stream: EVENTS_STREAM.name,
      subject: SUBJECTS.clientRateLimitEvent,
      since,
      match: (e) => e.keyId === record.id && e.at >= sentAt && e.requests.remaining === remaining,
      timeoutMs: 10_000,
    });
    expect(final.map((e) => e.requests.remaining)).toEqual([remaining]);
    // Limits count per clock minute: unless the suite crossed into a new one, that is every request it made (its HTTP
    // ones, two over WebSocket, and this one).
    if (Math.floor(events[0].at / 60_000) === Math.floor(final[0].at / 60_000)) expect(remaining).toBe(100 - counter - 3);
  });

  it('serves /metrics without an API key, while every API route needs one', async () => {
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^process_resident_memory_bytes\{service="gateway"\} \d+/m);
    expect((await fetch(`${url}/v1/models`)).status).toBe(401);
  });
});
