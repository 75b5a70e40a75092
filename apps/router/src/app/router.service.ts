import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  InferenceEnvelopeSchema,
  type InferenceRequest,
  PATTERNS,
  routerInferSubject,
  type RouterHeartbeat,
  WorkerGoodbyeSchema,
  WorkerHeartbeatSchema,
  errorPart,
  type ModelCatalog,
  ROUTER_METRICS,
} from '@switchyard/contracts';
import type { SwitchyardConfig } from '@switchyard/config';
import { BUS_CLIENT, BUS_SERVER, BusRecord, decodeJson, encodeJson, type BusClient, type BusServer, type InboundMessage } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import { Drain, METRICS_REGISTRY } from '@switchyard/runtime';
import { Counter, type Registry } from 'prom-client';
import { WorkerRegistry } from './registry/worker-registry';
import { BREAKER, LATENCY, LOGGER, REGISTRY, ROUTER_CONFIG, ROUTER_ID } from './router.constants';
import { buildCatalog } from './routing/catalog';
import { CircuitBreaker } from './routing/circuit-breaker';
import { LatencyTracker } from './routing/latency-tracker';
import { RequestRouter } from './routing/request-router';

const EMPTY = new Uint8Array(0);
/** How often the router announces itself to gateways. */
const HEARTBEAT_MS = 500;

/**
 * The router replica: what its bus handlers (`RouterBusController`) call, and its presence: heartbeats to
 * gateways, asking workers to announce themselves, and the drain.
 */
@Injectable()
export class RouterService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly startedAt = Date.now();
  private readonly router: RequestRouter;
  private readonly aliasNames: string[];
  private sweep?: NodeJS.Timeout;
  private presence?: NodeJS.Timeout;

  constructor(
    /** This replica's id; gateways address it directly on `routerInferSubject(routerId)`. */
    @Inject(ROUTER_ID) readonly routerId: string,
    @Inject(BUS_CLIENT) private readonly client: BusClient,
    @Inject(BUS_SERVER) private readonly server: BusServer,
    @Inject(REGISTRY) private readonly registry: WorkerRegistry,
    @Inject(BREAKER) breaker: CircuitBreaker,
    @Inject(LATENCY) private readonly latency: LatencyTracker,
    @Inject(ROUTER_CONFIG) config: SwitchyardConfig['router'],
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly drain: Drain,
    @Inject(METRICS_REGISTRY) metrics: Registry,
  ) {
    const hedges = new Counter({
      name: ROUTER_METRICS.hedgesTotal.name,
      help: 'Requests hedged by this router: the backend tried first, the hedge started beside it, and which answered.',
      labelNames: ROUTER_METRICS.hedgesTotal.labels,
      registers: [metrics],
    });
    const loserTokens = new Counter({
      name: ROUTER_METRICS.hedgeLostPromptTokens.name,
      help: 'Prompt tokens (estimated) sent to backends that lost a hedge and were cancelled: what hedging cost, by backend.',
      labelNames: ROUTER_METRICS.hedgeLostPromptTokens.labels,
      registers: [metrics],
    });
    this.router = new RequestRouter(
      client,
      { registry, breaker, latency },
      {
        timeouts: { workerAckTimeoutMs: config.workerAckTimeoutMs, workerIdleTimeoutMs: config.workerTtlMs * 2 },
        policy: config.policy,
        aliases: config.aliases,
        prices: config.prices,
        expectedOutputTokens: config.expectedOutputTokens,
        maxAttempts: config.maxAttempts,
        ...(config.firstOutput.enabled ? { firstOutput: config.firstOutput } : {}),
        ...(config.hedge.enabled ? { hedge: config.hedge } : {}),
      },
      logger,
      undefined,
      Date.now,
      (hedge) => {
        hedges.inc({ primary: hedge.primary, hedge: hedge.hedge, winner: hedge.won ? 'hedge' : 'primary' });
        loserTokens.inc({ backend: hedge.won ? hedge.primary : hedge.hedge }, hedge.promptTokens);
      },
    );
    this.aliasNames = Object.keys(config.aliases);
    registry.onGone((workerId) => latency.forget(workerId));
  }

  /** The bus server is listening (`startBusServer` runs before these hooks): workers and gateways may hear of this replica. */
  onApplicationBootstrap(): void {
    // On SIGTERM: gateways hear that this replica drains and send nothing more; relays already running go on
    // (the registry keeps following the workers) until they end or the grace period cuts them.
    this.drain.onBegin(() => {
      clearInterval(this.presence);
      this.announce(true);
      this.server.stop(PATTERNS.routerInfer);
      this.logger.info({ routerId: this.routerId, inFlight: this.drain.inFlight }, 'draining: finishing running requests, taking none');
    });
    this.sweep = setInterval(() => {
      for (const id of this.registry.expire()) this.logger.warn({ workerId: id }, 'worker expired (no heartbeat)');
    }, 250);
    this.sweep.unref();
    // Ask every worker to announce itself now instead of waiting a beat.
    this.client.emit(PATTERNS.workerDiscover, new BusRecord(EMPTY));
    this.announce(false);
    this.presence = setInterval(() => this.announce(false), HEARTBEAT_MS);
    this.presence.unref();
  }

  /** For a shutdown that did not drain first (tests closing the app): gateways stop sending here. */
  beforeApplicationShutdown(): void {
    this.drain.begin();
  }

  onApplicationShutdown(): void {
    clearInterval(this.presence);
    clearInterval(this.sweep);
  }

  /** The catalogue `/v1/models` shows. */
  catalog(): ModelCatalog {
    return { models: buildCatalog(this.registry.list(), this.startedAt, this.aliasNames) };
  }

  private announce(draining: boolean): void {
    const heartbeat: RouterHeartbeat = {
      routerId: this.routerId,
      subject: routerInferSubject(this.routerId),
      draining,
      intervalMs: HEARTBEAT_MS,
      sentAt: Date.now(),
    };
    this.client.emit(PATTERNS.routerHeartbeat, new BusRecord(encodeJson(heartbeat))).subscribe({
      error: (error: unknown) => this.logger.debug({ err: error }, 'router heartbeat not published'),
    });
  }

  /** A worker's heartbeat: it joins the registry or updates its place. */
  onHeartbeat(msg: InboundMessage): void {
    try {
      const heartbeat = decodeJson(msg.data, WorkerHeartbeatSchema);
      if (this.registry.upsert(heartbeat)) {
        this.logger.info(
          { workerId: heartbeat.workerId, kind: heartbeat.kind, models: heartbeat.models.map((m) => m.name) },
          'worker joined',
        );
      }
    } catch {
      this.logger.warn({ subject: msg.subject }, 'ignored a malformed heartbeat');
    }
  }

  /** A worker leaving: forgotten now rather than at expiry. */
  onGoodbye(msg: InboundMessage): void {
    try {
      const { workerId } = decodeJson(msg.data, WorkerGoodbyeSchema);
      if (this.registry.remove(workerId)) this.logger.info({ workerId }, 'worker left');
    } catch {
      this.logger.warn({ subject: msg.subject }, 'ignored a malformed goodbye');
    }
  }

  /** One inference request: routed to a worker, which answers the gateway; counts as running work of the drain. */
  infer(msg: InboundMessage, signal: AbortSignal): AsyncGenerator<Uint8Array> {
    const cut = (): Uint8Array => encodeJson(errorPart('service_unavailable', `Router ${this.routerId} shut down before the response was complete.`));
    return this.drain.run(signal, (linked) => this.route(msg, linked), cut);
  }

  private async *route(msg: InboundMessage, signal: AbortSignal): AsyncGenerator<Uint8Array> {
    let request;
    try {
      // The body was validated by the gateway: only the envelope is checked here.
      request = decodeJson(msg.data, InferenceEnvelopeSchema) as InferenceRequest;
    } catch {
      yield encodeJson(errorPart('invalid_request', 'The router received a malformed inference request.'));
      return;
    }
    if (msg.reply === undefined) return;
    yield* this.router.route(request, msg.headers, msg.reply, signal);
  }
}
