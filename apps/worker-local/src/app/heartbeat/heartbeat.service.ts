import { Inject, Injectable } from '@nestjs/common';
import { workerInferSubject, type WorkerHeartbeat } from '@switchyard/contracts';
import { BUS, type BusTransport } from '@switchyard/nats';
import { WorkerPresence } from '@switchyard/runtime';
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
  private readonly presence: WorkerPresence;

  constructor(
    @Inject(BUS) bus: BusTransport,
    @Inject(WORKER_CONFIG) private readonly config: WorkerLocalConfig,
    @Inject(WORKER_ID) private readonly workerId: string,
    private readonly registry: ModelRegistry,
    private readonly drain: DrainState,
  ) {
    this.presence = new WorkerPresence(bus, workerId, config.heartbeatMs, () => this.current());
  }

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
    this.presence.start();
  }

  /** Stops announcing and says goodbye, so routers forget the worker now rather than at expiry. */
  stop(): void {
    this.presence.stop();
  }
}
