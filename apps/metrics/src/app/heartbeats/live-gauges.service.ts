import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PATTERNS } from '@switchyard/contracts';
import { BUS_CLIENT, BusRecord, decodeJson, type BusClient, type InboundMessage } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import type { z } from 'zod';
import { LOGGER, WORKER_GAUGES } from '../metrics.constants';
import type { WorkerGauges } from './worker-gauges';

/** How often silent workers are looked for, in ms. */
const SWEEP_MS = 250;
const EMPTY = new Uint8Array(0);

/**
 * The gauges every replica keeps for itself from plain NATS (`LiveGaugesController` hands it what it hears):
 * worker heartbeats and goodbyes, and the latest rate-limit readings (also taken from the stream, but a
 * replica sees only its share of those, while every replica hears these). So each replica exports the same
 * live values. Workers that stop heartbeating expire.
 */
@Injectable()
export class LiveGaugesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    @Inject(BUS_CLIENT) private readonly client: BusClient,
    @Inject(WORKER_GAUGES) private readonly workers: WorkerGauges,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The bus server is listening (`startBusServer` runs before these hooks): ask every worker to announce itself now rather than at its next beat. */
  onApplicationBootstrap(): void {
    this.sweep = setInterval(() => {
      for (const workerId of this.workers.expire()) this.logger.info({ workerId }, 'worker expired (no heartbeat)');
    }, SWEEP_MS);
    this.sweep.unref();
    this.client.emit(PATTERNS.workerDiscover, new BusRecord(EMPTY));
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
  }

  /** Decodes a message and hands it to `use`; a malformed one is ignored (and logged at debug). */
  take<T>(msg: InboundMessage, schema: z.ZodType<T>, use: (value: T) => unknown): void {
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
