import { Inject, Injectable } from '@nestjs/common';
import { SUBJECTS, workerInferSubject, type WorkerGoodbye, type WorkerHeartbeat } from '@switchyard/contracts';
import { BUS, encodeJson, type BusTransport, type Closeable } from '@switchyard/nats';
import { DrainState } from '../lifecycle/drain-state';
import { ModelRegistry } from '../models/model-registry.service';
import type { WorkerLocalConfig } from '../worker-config';
import { WORKER_CONFIG, WORKER_ID } from '../worker.constants';
import { buildHeartbeat } from './build-heartbeat';

/**
 * Announces the worker to routers: a heartbeat every `heartbeatMs`, one at once when a router asks
 * on `workerDiscover`, and a goodbye when it stops.
 */
@Injectable()
export class HeartbeatService {
  private timer: NodeJS.Timeout | undefined;
  private discover: Closeable | undefined;

  constructor(
    @Inject(BUS) private readonly bus: BusTransport,
    @Inject(WORKER_CONFIG) private readonly config: WorkerLocalConfig,
    @Inject(WORKER_ID) private readonly workerId: string,
    private readonly registry: ModelRegistry,
    private readonly drain: DrainState,
  ) {}

  /** The heartbeat as of now. */
  current(): WorkerHeartbeat {
    const models = this.registry.list().map(({ model, scheduler }) => ({
      name: model.info.name,
      contextLength: model.info.contextLength,
      concurrency: scheduler.concurrency,
      maxQueue: scheduler.maxQueue,
      inFlight: scheduler.inFlight,
      queued: scheduler.queued,
    }));
    const context = {
      workerId: this.workerId,
      subject: workerInferSubject(this.workerId),
      draining: this.drain.draining,
      intervalMs: this.config.heartbeatMs,
      sentAt: Date.now(),
    };
    return buildHeartbeat(context, models);
  }

  /** Starts announcing: one heartbeat now, then periodically and on request. */
  start(): void {
    if (this.timer) return;
    this.publish();
    this.timer = setInterval(() => this.publish(), this.config.heartbeatMs);
    this.timer.unref();
    this.discover = this.bus.subscribe(SUBJECTS.workerDiscover, () => this.publish());
  }

  /** Stops announcing and says goodbye, so routers forget the worker now rather than at expiry. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.discover?.close();
    this.discover = undefined;
    const goodbye: WorkerGoodbye = { workerId: this.workerId };
    this.bus.publish(SUBJECTS.workerGoodbye, encodeJson(goodbye));
  }

  private publish(): void {
    this.bus.publish(SUBJECTS.workerHeartbeat, encodeJson(this.current()));
  }
}
