import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { SwitchyardConfig } from '@switchyard/config';
import { PATTERNS, SUBJECTS, errorPart, workerInferSubject, type RateLimitSnapshot, type UpstreamRateLimitEvent } from '@switchyard/contracts';
import { BUS_CLIENT, BUS_SERVER, type BusClient, type BusServer, type InboundMessage } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import { Drain, EVENTS, HostResourceSampler, inferenceReply, WorkerPresence, type EventSink } from '@switchyard/runtime';
import type { Observable } from 'rxjs';
import type { ProviderAdapter } from '@switchyard/providers-core';
import { ADAPTER, CLOUD_CONFIG, LOGGER, PROVIDER, WORKER_ID } from './cloud.constants';
import { buildCloudHeartbeat } from './heartbeat/cloud-heartbeat';
import { CloudInferenceService } from './inference/cloud-inference.service';
import type { ResolvedProvider } from './provider/resolved-provider';
import { ProbeSchedule } from './upstream/probe-schedule';
import { UpstreamClient } from './upstream/upstream-client';
import { UpstreamState } from './upstream/upstream-state';

/** Shortest gap between two rate-limit events of this worker, in ms. */
const READING_INTERVAL_MS = 1_000;

/**
 * Puts the provider on the bus: what its bus handlers (`CloudWorkerController`) call, heartbeats (with the
 * provider's reachability and rate limits), probes of the provider, and on shutdown a goodbye after no new
 * work is taken and running streams finish.
 */
@Injectable()
export class CloudWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly presence: WorkerPresence;
  private probeTimer?: NodeJS.Timeout;
  private readonly probes: ProbeSchedule;
  private probing = true;
  /** A probe is under way: it schedules the next itself. */
  private probeRunning = false;
  private lastReadingSent = 0;

  constructor(
    @Inject(BUS_CLIENT) bus: BusClient,
    @Inject(BUS_SERVER) private readonly server: BusServer,
    @Inject(PROVIDER) private readonly provider: ResolvedProvider,
    @Inject(ADAPTER) private readonly adapter: ProviderAdapter,
    @Inject(CLOUD_CONFIG) private readonly config: SwitchyardConfig['workerCloud'],
    @Inject(WORKER_ID) private readonly workerId: string,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly inference: CloudInferenceService,
    private readonly client: UpstreamClient,
    private readonly state: UpstreamState,
    @Inject(EVENTS) private readonly events: EventSink,
    private readonly drain: Drain,
  ) {
    this.probes = new ProbeSchedule({ intervalMs: config.probeIntervalMs, reprobeFirstMs: config.reprobeFirstMs, reprobeMaxMs: config.reprobeMaxMs });
    const host = new HostResourceSampler();
    this.presence = new WorkerPresence(bus, workerId, config.heartbeatMs, () =>
      buildCloudHeartbeat(workerId, provider, { inFlight: state.inFlight, draining: drain.draining }, state.snapshot(), config.heartbeatMs, host.sample()),
    );
  }

  /** One inference request, answered from the provider; cut with an error part when the shutdown grace period ends. */
  infer(message: InboundMessage): Observable<Uint8Array> {
    return inferenceReply(this.drain, message, (request, inbound, signal) => this.inference.handle(request, signal, inbound.headers), {
      logger: this.logger,
      cutPart: () => errorPart('service_unavailable', `worker ${this.workerId} shut down before the response was complete`, { retryable: true }),
    });
  }

  /** A router asked workers to announce themselves. */
  answerDiscover(): void {
    this.presence.answerDiscover();
  }

  /** The bus server is listening (`startBusServer` runs before these hooks): probe the provider, then announce. */
  async onApplicationBootstrap(): Promise<void> {
    const subject = workerInferSubject(this.workerId);
    // On SIGTERM: nothing new comes in, and heartbeats (one at once) say the worker drains, so routers
    // choose it no more yet keep relaying its running streams until they end or the grace period cuts them.
    this.drain.onBegin(() => {
      this.presence.beat();
      this.probing = false;
      clearTimeout(this.probeTimer);
      this.server.stop(PATTERNS.workerInfer);
      this.logger.info({ workerId: this.workerId, inFlight: this.drain.inFlight }, 'draining: finishing running requests, taking none');
    });
    this.state.onReading((rateLimits) => this.publishReading(rateLimits));
    // Routers hear of a change at once; a provider that stopped answering is probed again soon.
    this.state.onReachability((reachable) => {
      this.presence.beat();
      if (!reachable && !this.probeRunning) this.scheduleProbe(this.probes.next(false));
    });
    await this.probe();
    this.presence.start();
    this.scheduleProbe(this.probes.next(this.state.snapshot().reachable));
    this.logger.info(
      { workerId: this.workerId, provider: this.provider.name, kind: this.provider.kind, baseUrl: this.provider.baseUrl, models: this.provider.models.map((m) => m.name) },
      `serving ${this.provider.name} (${this.provider.kind}) on ${subject}`,
    );
    if (this.provider.apiKey === '') this.logger.warn({ apiKeyEnv: this.provider.apiKeyEnv }, `no API key: ${this.provider.apiKeyEnv} is not set`);
  }

  /** After the drain (or when a test closes the app without one): goodbye, then the upstream pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.drain.whenDone();
    this.presence.stop();
    await this.client.close();
  }

  /** Stores a rate-limit reading for the metrics service: at most one a second, but always when a window is exhausted. */
  private publishReading(rateLimits: RateLimitSnapshot): void {
    const exhausted = [rateLimits.requests, rateLimits.tokens, rateLimits.inputTokens, rateLimits.outputTokens].some((w) => w?.remaining === 0);
    if (!exhausted && rateLimits.observedAt - this.lastReadingSent < READING_INTERVAL_MS) return;
    this.lastReadingSent = rateLimits.observedAt;
    const event: UpstreamRateLimitEvent = { workerId: this.workerId, provider: this.provider.name, rateLimits };
    this.events.publish(SUBJECTS.upstreamRateLimitEvent, event, `${this.workerId}:${rateLimits.observedAt}`);
  }

  /** Probes after `waitMs`, then again as the schedule says (replacing a probe already scheduled). */
  private scheduleProbe(waitMs: number): void {
    clearTimeout(this.probeTimer);
    if (!this.probing) return;
    this.probeTimer = setTimeout(() => {
      void this.probe().then(() => this.scheduleProbe(this.probes.next(this.state.snapshot().reachable)));
    }, waitMs);
    this.probeTimer.unref();
  }

  /** A cheap authenticated GET: reachable unless it fails to connect, times out, or the key is refused. */
  private async probe(): Promise<void> {
    this.probeRunning = true;
    try {
      const response = await this.client.get(this.adapter.probePath, AbortSignal.timeout(5_000));
      await response.discard();
      if (response.status === 401 || response.status === 403) this.state.unreachable(`credentials rejected (HTTP ${response.status})`);
      else if (response.status >= 500) this.state.unreachable(`the provider answered ${response.status}`);
      else this.state.reached(this.adapter.readRateLimits(response.headers, Date.now()));
    } catch (error) {
      this.state.unreachable(error instanceof Error ? error.message : 'probe failed');
    } finally {
      this.probeRunning = false;
    }
  }
}
