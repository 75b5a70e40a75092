import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ClientRateLimitEventSchema, SUBJECTS, UpstreamRateLimitEventSchema, WorkerGoodbyeSchema, WorkerHeartbeatSchema } from '@switchyard/contracts';
import { BUS, decodeJson, type BusTransport, type Closeable, type InboundMessage } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import type { z } from 'zod';
import type { EventRecorder } from '../events/event-recorder';
import { LOGGER, RECORDER, WORKER_GAUGES } from '../metrics.constants';
import type { WorkerGauges } from './worker-gauges';

/** How often silent workers are looked for, in ms. */
const SWEEP_MS = 250;
const EMPTY = new Uint8Array(0);

/**
 * The gauges every replica keeps for itself from plain NATS: worker heartbeats and goodbyes, and the
 * latest rate-limit readings (also taken from the stream, but a replica sees only its share of those,
 * while every replica hears these). So each replica exports the same live values.
 */
@Injectable()
export class LiveGaugesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly subscriptions: Closeable[] = [];
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    @Inject(BUS) private readonly bus: BusTransport,
    @Inject(WORKER_GAUGES) private readonly workers: WorkerGauges,
    @Inject(RECORDER) private readonly recorder: EventRecorder,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscriptions.push(
      this.bus.subscribe(SUBJECTS.workerHeartbeat, (msg) => this.decode(msg, WorkerHeartbeatSchema, (hb) => this.workers.observe(hb))),
      this.bus.subscribe(SUBJECTS.workerGoodbye, (msg) => this.decode(msg, WorkerGoodbyeSchema, (bye) => this.workers.forget(bye.workerId))),
      this.bus.subscribe(SUBJECTS.upstreamRateLimitEvent, (msg) => this.decode(msg, UpstreamRateLimitEventSchema, (e) => this.recorder.upstreamRateLimit(e))),
      this.bus.subscribe(SUBJECTS.clientRateLimitEvent, (msg) => this.decode(msg, ClientRateLimitEventSchema, (e) => this.recorder.clientRateLimit(e))),
    );
    this.sweep = setInterval(() => {
      for (const workerId of this.workers.expire()) this.logger.info({ workerId }, 'worker expired (no heartbeat)');
    }, SWEEP_MS);
    this.sweep.unref();
    // Ask every worker to announce itself now rather than at its next beat.
    await this.bus.flush();
    this.bus.publish(SUBJECTS.workerDiscover, EMPTY);
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
    for (const subscription of this.subscriptions) subscription.close();
  }

  private decode<T>(msg: InboundMessage, schema: z.ZodType<T>, use: (value: T) => unknown): void {
    let value: T;
    try {
      value = decodeJson(msg.data, schema);
    } catch (error) {
      this.logger.debug({ err: error, subject: msg.subject }, 'malformed message ignored');
      return;
    }
    use(value);
  }
}
