import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { workerInferSubject } from '@switchyard/contracts';
import { BUS, type BusTransport, type Closeable } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import { HeartbeatService } from '../heartbeat/heartbeat.service';
import { Drain, serveInference } from '@switchyard/runtime';
import { LOGGER, WORKER_CONFIG, WORKER_ID } from '../worker.constants';
import type { WorkerLocalConfig } from '../worker-config';
import { InferenceService } from './inference.service';

/**
 * Serves inference on the worker's subject once the models are loaded, then starts heartbeats.
 * On shutdown it takes no new requests and its heartbeats say it drains (routers send it nothing more
 * but keep relaying what runs); once running requests are over it says goodbye.
 */
@Injectable()
export class InferenceServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private subscription: Closeable | undefined;

  constructor(
    @Inject(BUS) private readonly bus: BusTransport,
    @Inject(WORKER_ID) private readonly workerId: string,
    @Inject(WORKER_CONFIG) private readonly config: WorkerLocalConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly inference: InferenceService,
    private readonly heartbeats: HeartbeatService,
    private readonly drain: Drain,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const subject = workerInferSubject(this.workerId);
    // Tracked for the drain; the inference service watches the cut signal itself (and says why it stopped).
    this.subscription = serveInference(this.bus, subject, this.drain, (message, signal) => this.inference.handle(message.data, signal, message.headers), {
      // At a thousand tokens a second a message carries several, instead of each token costing a
      // message and a wake-up of the gateway.
      batchWindowMs: this.config.streamBatchMs,
    });
    // On SIGTERM: nothing new comes in, and heartbeats (one at once) say the worker drains, so routers
    // choose it no more yet keep relaying its running generations until they end or the grace period cuts them.
    this.drain.onBegin(() => {
      this.subscription?.close();
      this.heartbeats.beat();
      this.logger.info({ workerId: this.workerId, inFlight: this.drain.inFlight }, 'draining: finishing running work, taking none');
    });
    // The server has the subscription before anyone hears of this worker (or the app reports it started).
    await this.bus.flush();
    await this.heartbeats.start();
    this.logger.info({ workerId: this.workerId, subject }, `worker ${this.workerId} serving on ${subject}`);
  }

  /** After the drain (when the signal handler ran it first) or at once (a test closing the app): goodbye. */
  beforeApplicationShutdown(): void {
    this.drain.begin();
    this.heartbeats.stop();
  }
}
