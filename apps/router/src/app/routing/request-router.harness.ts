import {
  decodePart,
  roleOfPart,
  type Capability,
  type InferenceRequest,
  type RoutingPolicy,
  type StreamPart,
  type WorkerHeartbeat,
  workerInferSubject,
} from '@switchyard/contracts';
import type { ChatCompletionRequest } from '@switchyard/openai';
import { BusClient, decodeText, NatsTransport, StreamAbortedError, type Closeable } from '@switchyard/nats';
import { createLogger, type Logger } from '@switchyard/observability';
import { encodeParts } from '@switchyard/runtime';
import { startTestNats, waitFor, type TestNats } from '@switchyard/testing';
import { WorkerRegistry } from '../registry/worker-registry';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker';
import { LatencyTracker } from './latency-tracker';
import { RequestRouter, type RoutingOptions } from './request-router';
import type { RouteDecision } from './route-decision';

/** What a scripted worker does with a request. */
export type Script = (request: InferenceRequest, signal: AbortSignal) => AsyncGenerator<StreamPart>;

/** A heartbeat of a test worker with one slot; cloud workers can do tools and JSON, local ones chat only. */
export function heartbeat(workerId: string, kind: 'local' | 'cloud', provider: string, models: string[], inFlight = 0): WorkerHeartbeat {
  const capabilities: Capability[] = kind === 'cloud' ? ['chat', 'tools', 'json'] : ['chat'];
  return {
    workerId,
    kind,
    provider,
    subject: workerInferSubject(workerId),
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

/** A worker's whole answer: start, one word, finish, usage. */
export async function* story(request: InferenceRequest): AsyncGenerator<StreamPart> {
  yield { type: 'start', backend: request.target ?? '?', model: request.target ?? '?', workerId: 'x' };
  yield { type: 'delta', index: 0, text: 'Once' };
  yield { type: 'finish', index: 0, reason: 'stop' };
  yield { type: 'usage', promptTokens: 3, completionTokens: 1 };
}

/** Where the harness serves the router under test. */
const ROUTER_SUBJECT = 'test.router.infer';

/**
 * A RequestRouter on a real NATS server with scripted workers, asked as the gateway asks it (the workers
 * answer the asking inbox directly); a fresh router (registry, breaker, latency) per test.
 */
export interface RouterHarness {
  nats: TestNats;
  registry: WorkerRegistry;
  breaker: CircuitBreaker;
  latency: LatencyTracker;
  router: RequestRouter;
  /** The router's decisions, as it settles each request. */
  readonly events: RouteDecision[];
  /** The hedges the router started, as each race ends. */
  readonly hedges: Array<{ primary: string; hedge: string; won: boolean; promptTokens: number }>;
  /** Request ids sent by `route`, in order. */
  readonly sent: string[];
  /** Worker ids in the order they were asked. */
  readonly calls: string[];
  makeRouter(options?: Partial<RoutingOptions>, breakerOptions?: CircuitBreakerOptions, logger?: Logger): void;
  /** Serves `script` as the worker of `hb` (unless `serve: false`) and registers it (unless `register: false`). */
  worker(hb: WorkerHeartbeat, script: Script, options?: { register?: boolean; serve?: boolean }): Promise<void>;
  /** Sends `request` to the router as the gateway does and yields the parts that reach the gateway's inbox. */
  ask(request: InferenceRequest, headers?: Record<string, string>, signal?: AbortSignal): AsyncGenerator<StreamPart>;
  /** Routes a one-message chat request for `model` and collects every part. */
  route(model: string, signal?: AbortSignal, extra?: Partial<ChatCompletionRequest>, policy?: RoutingPolicy): Promise<StreamPart[]>;
}

/** Sets up the harness with jest hooks for the enclosing describe block. */
export function useRouterHarness(): RouterHarness {
  let workerBus: NatsTransport;
  let routerBus: NatsTransport;
  let gatewayBus: NatsTransport;
  let routerSub: Closeable;
  /** Requests the router is still handling (its attempt ends when the worker's control stream does, a little after the data). */
  let routing = 0;
  const served: Closeable[] = [];

  const h: RouterHarness = {
    nats: undefined as unknown as TestNats,
    registry: new WorkerRegistry(3_000),
    breaker: new CircuitBreaker({ failureThreshold: 3, openMs: 10_000 }),
    latency: new LatencyTracker(),
    router: undefined as unknown as RequestRouter,
    events: [],
    hedges: [],
    sent: [],
    calls: [],
    makeRouter(options = {}, breakerOptions = { failureThreshold: 3, openMs: 10_000 }, logger = createLogger('test', 'silent')) {
      h.registry = new WorkerRegistry(3_000);
      h.breaker = new CircuitBreaker(breakerOptions);
      h.latency = new LatencyTracker();
      h.router = new RequestRouter(
        new BusClient(routerBus),
        { registry: h.registry, breaker: h.breaker, latency: h.latency },
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
        (decision) => h.events.push(decision),
        Date.now,
        (hedge) => h.hedges.push(hedge),
      );
    },
    async worker(hb, script, options = {}) {
      if (options.serve !== false) {
        served.push(
          workerBus.serveStream(
            hb.subject,
            (msg, signal) => {
              const request = JSON.parse(decodeText(msg.data)) as InferenceRequest;
              h.calls.push(hb.workerId);
              return encodeParts(msg, script(request, signal));
            },
            { classify: roleOfPart },
          ),
        );
        await workerBus.flush();
      }
      if (options.register !== false) h.registry.upsert(hb);
    },
    async route(model, signal = new AbortController().signal, extra = {}, policy) {
      const request: InferenceRequest = {
        requestId: `req_${Math.random().toString(36).slice(2)}`,
        kind: 'chat',
        body: { model, messages: [{ role: 'user', content: 'Hi' }], ...extra },
        deadline: Date.now() + 5_000,
        policy,
      };
      h.sent.push(request.requestId);
      const parts: StreamPart[] = [];
      for await (const part of h.ask(request, {}, signal)) parts.push(part);
      return parts;
    },
    async *ask(request, headers = {}, signal) {
      try {
        const payload = new TextEncoder().encode(JSON.stringify(request));
        for await (const raw of gatewayBus.requestStream(ROUTER_SUBJECT, payload, { headers, ackTimeoutMs: 1_000, idleTimeoutMs: 10_000, signal })) {
          yield decodePart(raw);
        }
      } catch (error) {
        // The client leaving ends its stream quietly, as it does in the gateway.
        if (!(error instanceof StreamAbortedError)) throw error;
      }
      // The answer reached the gateway straight from the worker; the router's bookkeeping (breaker, latency) follows.
      await waitFor(() => routing === 0, 2_000, 'the router to finish the request');
    },
  };

  beforeAll(async () => {
    h.nats = await startTestNats();
    workerBus = await NatsTransport.connect({ url: h.nats.url, name: 'fake-workers', sweepMs: 20 });
    routerBus = await NatsTransport.connect({ url: h.nats.url, name: 'router-under-test', sweepMs: 20 });
    gatewayBus = await NatsTransport.connect({ url: h.nats.url, name: 'gateway', sweepMs: 20 });
    routerSub = routerBus.serveStream(ROUTER_SUBJECT, async function* (msg, signal) {
      routing++;
      try {
        yield* h.router.route(JSON.parse(decodeText(msg.data)) as InferenceRequest, msg.headers, msg.reply ?? '', signal);
      } finally {
        routing--;
      }
    });
  });

  afterAll(async () => {
    routerSub.close();
    await gatewayBus.close(0);
    await routerBus.close(0);
    await workerBus.close(0);
    await h.nats.stop();
  });

  beforeEach(() => {
    h.makeRouter();
    h.calls.length = 0;
    h.events.length = 0;
    h.hedges.length = 0;
  });

  afterEach(() => {
    for (const sub of served.splice(0)) sub.close();
  });

  return h;
}
