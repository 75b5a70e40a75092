import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { PATTERNS, workerInferSubject } from '@switchyard/contracts';
import { BUS_SERVER, type BusServer } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import { Drain } from '@switchyard/runtime';
import { HeartbeatService } from '../heartbeat/heartbeat.service';
import { LOGGER, WORKER_ID } from '../worker.constants';

/**
 * The worker's presence around its bus handlers (`InferenceController`): once the models are loaded it
 * serves and starts heartbeats. On shutdown it takes no new requests and its heartbeats say it drains
 * (routers send it nothing more but keep relaying what runs); once running requests are over it says goodbye.
 */
@Injectable()
export class InferenceServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private ready = false;

  constructor(
    @Inject(BUS_SERVER) private readonly server: BusServer,
    @Inject(WORKER_ID) private readonly workerId: string,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly heartbeats: HeartbeatService,
    private readonly drain: Drain,
  ) {}

  /**
   * True once the models are loaded. The bus server listens from start-up, before anyone hears of this
   * worker; a request before then (a router that knew a previous worker of the same id) is sent elsewhere.
   */
  get serving(): boolean {
    return this.ready && !this.drain.draining;
  }

  async onApplicationBootstrap(): Promise<void> {
    // On SIGTERM: nothing new comes in, and heartbeats (one at once) say the worker drains, so routers
    // choose it no more yet keep relaying its running generations until they end or the grace period cuts them.
    this.drain.onBegin(() => {
      this.server.stop(PATTERNS.workerInfer);
      this.heartbeats.beat();
      this.logger.info({ workerId: this.workerId, inFlight: this.drain.inFlight }, 'draining: finishing running work, taking none');
    });
    this.ready = true;
    await this.heartbeats.start();
    this.logger.info({ workerId: this.workerId, subject: workerInferSubject(this.workerId) }, `worker ${this.workerId} serving on ${workerInferSubject(this.workerId)}`);
  }

  /** After the drain (when the signal handler ran it first) or at once (a test closing the app): goodbye. */
  beforeApplicationShutdown(): void {
    this.drain.begin();
    this.heartbeats.stop();
  }
}
