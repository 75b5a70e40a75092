import { Controller, Get, Inject } from '@nestjs/common';
import { Drain } from '@switchyard/runtime';
import { ModelRegistry } from '../models/model-registry.service';
import { WORKER_ID } from '../worker.constants';
import type { ModelStatus, WorkerStatus } from './worker-status';
import { WorkerStats } from './worker-stats.service';

/** `GET /status`: models, load and counters, for operators and end-to-end tests. */
@Controller('status')
export class StatusController {
  constructor(
    @Inject(WORKER_ID) private readonly workerId: string,
    private readonly registry: ModelRegistry,
    private readonly stats: WorkerStats,
    private readonly drain: Drain,
  ) {}

  @Get()
  status(): WorkerStatus {
    const models: ModelStatus[] = this.registry.list().map(({ model, scheduler }) => ({
      ...model.info,
      maxQueue: scheduler.maxQueue,
      inFlight: scheduler.inFlight,
      queued: scheduler.queued,
    }));
    const { completed, cancelled, failed, timeouts, busyRejections, generatedTokens, lastCancelled } = this.stats;
    return {
      workerId: this.workerId,
      draining: this.drain.draining,
      models,
      inFlight: models.reduce((n, m) => n + m.inFlight, 0),
      queued: models.reduce((n, m) => n + m.queued, 0),
      completed,
      cancelled,
      failed,
      timeouts,
      busyRejections,
      generatedTokens,
      lastCancelled,
    };
  }
}
