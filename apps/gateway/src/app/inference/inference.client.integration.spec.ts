import {
  encodeRendered,
  HEADERS,
  QUEUE_GROUPS,
  RouterHeartbeatSchema,
  SUBJECTS,
  routerInferSubject,
  type InferenceRequest,
  type RenderSpec,
  type ReplyPart,
  type RouterHeartbeat,
  type StreamPart,
} from '@switchyard/contracts';
import { ConfigSchema } from '@switchyard/config';
import { BusClient, decodeJson, decodeText, encodeJson, NatsTransport, type Closeable, type MessageHeaders } from '@switchyard/nats';
import { Drain } from '@switchyard/runtime';
import { startTestNats, waitFor, type TestNats } from '@switchyard/testing';
import { InferenceClient } from './inference.client';
import { RouterDirectory } from './router-directory';

const BODY = { model: 'auto', messages: [{ role: 'user' as const, content: 'Hi' }] };
const RENDER: RenderSpec = { format: 'chat.completion', id: 'chatcmpl-test', created: 1_700_000_000 };

describe('InferenceClient over a real NATS server', () => {
  let nats: TestNats;
  let gatewayBus: NatsTransport;
  const routers: NatsTransport[] = [];
  const subscriptions: Closeable[] = [];

  beforeAll(async () => {
    nats = await startTestNats();
    gatewayBus = await NatsTransport.connect({ url: nats.url, name: 'gateway-under-test', sweepMs: 20 });
  });

  afterEach(async () => {
    for (const sub of subscriptions.splice(0)) sub.close();
    for (const bus of routers.splice(0)) await bus.close(0).catch(() => undefined);
  });

  afterAll(async () => {
    await gatewayBus.close(0);
    await nats.stop();
  });

  // The test NATS may be shared with other suites: each test gets its own infer subject's traffic only
  // through the router queue group, so the suite runs its routers on the real subject but one at a time.
  async function router(
    handler: (request: InferenceRequest, bus: NatsTransport, headers: MessageHeaders) => AsyncGenerator<StreamPart | Uint8Array>,
  ): Promise<NatsTransport> {
    const bus = await NatsTransport.connect({ url: nats.url, name: 'fake-router', keepaliveMs: 100, sweepMs: 20 });
    routers.push(bus);
    subscriptions.push(
      bus.serveStream(
        SUBJECTS.routerInfer,
        async function* (msg) {
          for await (const part of handler(JSON.parse(decodeText(msg.data)) as InferenceRequest, bus, msg.headers)) yield part instanceof Uint8Array ? part : encodeJson(part);
        },
        { queue: QUEUE_GROUPS.router },
      ),
    );
    await bus.flush();
    return bus;
  }

  let directory: RouterDirectory;
  let heartbeats: Closeable;

  // What the gateway's bus controller does with routers' heartbeats.
  beforeEach(async () => {
    directory = new RouterDirectory();
    heartbeats = gatewayBus.subscribe(SUBJECTS.routerHeartbeat, (msg) => directory.record(decodeJson(msg.data, RouterHeartbeatSchema)));
    await gatewayBus.flush();
  });

  afterEach(() => heartbeats.close());

  function service(overrides: Record<string, number> = {}): InferenceClient {
    const gateway = ConfigSchema.parse({ gateway: { routerIdleTimeoutMs: 500, routerAckTimeoutMs: 300, ...overrides } }).gateway;
    return new InferenceClient(new BusClient(gatewayBus), gateway, directory, new Drain(1_000));
  }

  /** A router replica the gateway knows by its heartbeat, serving its own subject (or frozen: subscribed, never answering). */
  async function namedRouter(routerId: string, frozen: boolean, calls: string[]): Promise<void> {
    const bus = await NatsTransport.connect({ url: nats.url, name: routerId, keepaliveMs: 100, sweepMs: 20 });
    routers.push(bus);
    const subject = routerInferSubject(routerId);
    subscriptions.push(
      frozen
        ? bus.subscribe(subject, () => calls.push(routerId))
        : bus.serveStream(subject, async function* (msg) {
            calls.push(routerId);
            for await (const part of answer(JSON.parse(decodeText(msg.data)) as InferenceRequest)) yield encodeJson(part);
          }),
    );
    await bus.flush();
    const heartbeat: RouterHeartbeat = { routerId, subject, draining: false, intervalMs: 500, sentAt: Date.now() };
    bus.publish(SUBJECTS.routerHeartbeat, encodeJson(heartbeat));
    await bus.flush();
  }

  async function collect(client: InferenceClient): Promise<ReplyPart[]> {
    const parts: ReplyPart[] = [];
    for await (const part of client.run({ kind: 'chat', body: BODY, render: RENDER }, { requestId: `req_${Date.now()}`, policy: 'cloud-first' }, new AbortController().signal)) parts.push(part);
    return parts;
  }

  const answer = async function* (request: InferenceRequest): AsyncGenerator<StreamPart> {
    yield { type: 'start', backend: 'local:m', model: `auto (selected: local:m) via ${request.policy}`, workerId: 'w' };
    yield { type: 'usage', promptTokens: 1, completionTokens: 0 };
  };

  it('retries on another router when the one that acknowledged dies before its first part', async () => {
    let dyingCalls = 0;
    let healthyCalls = 0;
    // eslint-disable-next-line require-yield -- this router never answers: that is the point
    await router(async function* (_request, bus) {
      dyingCalls++;
      // The process "dies": its connection closes, no part and no keepalive ever comes.
      setTimeout(() => void bus.close(0), 10);
      await new Promise(() => undefined);
    });
    const started = Date.now();
    const result = collect(service());
    await new Promise((r) => setTimeout(r, 100));
    await router(async function* (request) {
      healthyCalls++;
      yield* answer(request);
    });
    const parts = await result;
    expect(parts.map((p) => p.type)).toEqual(['start', 'usage']);
    expect(parts[0]).toMatchObject({ model: 'auto (selected: local:m) via cloud-first' });
    expect([dyingCalls, healthyCalls]).toEqual([1, 1]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('does not retry once the router has sent a part: the client gets an error instead', async () => {
    let calls = 0;
    await router(async function* (request, bus) {
      calls++;
      yield (await answer(request).next()).value as StreamPart;
      setTimeout(() => void bus.close(0), 10);
      await new Promise(() => undefined);
    });
    const parts = await collect(service());
    expect(parts.map((p) => p.type)).toEqual(['start', 'error']);
    expect(parts[1]).toMatchObject({ code: 'timeout' });
    expect(calls).toBe(1);
  });

  it('answers 503 service_unavailable at once when no router is listening, after trying routerAttempts times', async () => {
    const started = Date.now();
    const parts = await collect(service({ routerAttempts: 3 }));
    expect(parts).toEqual([expect.objectContaining({ type: 'error', code: 'service_unavailable', message: 'No router is available to serve the request.' })]);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('passes the client policy to the router in the request', async () => {
    let policy: string | undefined;
    await router(async function* (request) {
      policy = request.policy;
      yield* answer(request);
    });
    await collect(service());
    expect(policy).toBe('cloud-first');
  });

  it('asks for the answer rendered, and passes rendered bytes on unparsed', async () => {
    let render: string | undefined;
    await router(async function* (request, _bus, headers) {
      render = headers[HEADERS.render];
      yield (await answer(request).next()).value as StreamPart;
      yield encodeRendered('{"id":"chatcmpl-test","choices":[]}', true);
      yield { type: 'usage', promptTokens: 1, completionTokens: 1 };
    });
    const parts = await collect(service());
    expect(JSON.parse(render ?? '')).toEqual(RENDER);
    expect(parts.map((p) => p.type)).toEqual(['start', 'rendered', 'usage']);
    const rendered = parts[1];
    if (rendered.type !== 'rendered') throw new Error('expected the rendered answer');
    expect(rendered.output).toBe(true);
    expect(Buffer.from(rendered.json).toString()).toBe('{"id":"chatcmpl-test","choices":[]}');
  });

  it('turns plain output parts (a worker that does not render) into an error, not a silent gap', async () => {
    await router(async function* (request) {
      yield (await answer(request).next()).value as StreamPart;
      yield { type: 'delta', index: 0, text: 'Hi' };
    });
    const parts = await collect(service());
    expect(parts.map((p) => p.type)).toEqual(['start', 'error']);
    expect(parts[1]).toMatchObject({ code: 'internal_error', message: expect.stringContaining('older than the gateway') });
  });

  it('sends requests to the routers it has heard from, in turn, and past a frozen one to another', async () => {
    const calls: string[] = [];
    await namedRouter('router-a', true, calls);
    await namedRouter('router-b', false, calls);
    await waitFor(() => directory.size === 2, 2_000, 'both routers to be known');
    const client = service();
    const started = Date.now();
    const first = await collect(client);
    const second = await collect(client);
    const third = await collect(client);
    for (const parts of [first, second, third]) expect(parts.map((p) => p.type)).toEqual(['start', 'usage']);
    // The frozen router got one request, failed to acknowledge it, and was passed over from then on.
    expect(calls).toEqual(['router-a', 'router-b', 'router-b', 'router-b']);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('forgets a router that says it is draining', async () => {
    const calls: string[] = [];
    await namedRouter('router-c', false, calls);
    await waitFor(() => directory.size === 1, 2_000, 'the router to be known');
    directory.record({ routerId: 'router-c', subject: routerInferSubject('router-c'), draining: true, intervalMs: 500, sentAt: Date.now() });
    expect(directory.size).toBe(0);
    expect(directory.pick()).toBeUndefined();
  });
});
