import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { workerInferSubject } from '@switchyard/contracts';
import { BUS, encodeJson, type BusTransport, type Closeable, type InboundMessage } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import { HeartbeatService } from '../heartbeat/heartbeat.service';
import { Drain } from '@switchyard/runtime';
import { LOGGER, WORKER_ID } from '../worker.constants';
import { InferenceService } from './inference.service';

/**
 * Serves inference on the worker's subject once the models are loaded, then starts heartbeats.
 * On shutdown it stops heartbeats (with a goodbye) and takes no new requests; running ones finish.
 */
@Injectable()
export class InferenceServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private subscription: Closeable | undefined;

  constructor(
    @Inject(BUS) private readonly bus: BusTransport,
    @Inject(WORKER_ID) private readonly workerId: string,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly inference: InferenceService,
    private readonly heartbeats: HeartbeatService,
    private readonly drain: Drain,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const subject = workerInferSubject(this.workerId);
    this.subscription = this.bus.serveStream(subject, (message, signal) => this.drain.track(signal, (s) => this.stream(message, s)));
    // On SIGTERM: heartbeats stop with a goodbye (routers drop this worker at once) and nothing new comes
    // in; running generations go on until they end or the grace period cuts them.
    this.drain.onBegin(() => {
      this.heartbeats.stop();
      this.subscription?.close();
      this.logger.info({ workerId: this.workerId, inFlight: this.drain.inFlight }, 'draining: finishing running work, taking none');
    });
    await this.heartbeats.start();
    this.logger.info({ workerId: this.workerId, subject }, `worker ${this.workerId} serving on ${subject}`);
  }

  /** For a shutdown that did not drain first (tests closing the app): the same as SIGTERM's start. */
  beforeApplicationShutdown(): void {
    this.drain.begin();
  }

  private async *stream(message: InboundMessage, signal: AbortSignal): AsyncGenerator<Uint8Array> {
    for await (const part of this.inference.handle(message.data, signal, message.headers)) yield encodeJson(part);
  }
}
