import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { ClientRateLimitEventSchema, PATTERNS, UpstreamRateLimitEventSchema, WorkerGoodbyeSchema, WorkerHeartbeatSchema } from '@switchyard/contracts';
import { BusContext } from '@switchyard/nats';
import type { EventRecorder } from '../events/event-recorder';
import { RECORDER, WORKER_GAUGES } from '../metrics.constants';
import { LiveGaugesService } from './live-gauges.service';
import type { WorkerGauges } from './worker-gauges';

/** The plain-NATS events every metrics replica hears: workers' heartbeats and goodbyes, and rate-limit readings. */
@Controller()
export class LiveGaugesController {
  constructor(
    private readonly gauges: LiveGaugesService,
    @Inject(WORKER_GAUGES) private readonly workers: WorkerGauges,
    @Inject(RECORDER) private readonly recorder: EventRecorder,
  ) {}

  @EventPattern(PATTERNS.workerHeartbeat)
  heartbeat(@Ctx() context: BusContext): void {
    this.gauges.take(context.getMessage(), WorkerHeartbeatSchema, (hb) => this.workers.observe(hb));
  }

  @EventPattern(PATTERNS.workerGoodbye)
  goodbye(@Ctx() context: BusContext): void {
    this.gauges.take(context.getMessage(), WorkerGoodbyeSchema, (bye) => this.workers.forget(bye.workerId));
  }

  @EventPattern(PATTERNS.upstreamRateLimit)
  upstreamRateLimit(@Ctx() context: BusContext): void {
    this.gauges.take(context.getMessage(), UpstreamRateLimitEventSchema, (event) => this.recorder.upstreamRateLimit(event));
  }

  @EventPattern(PATTERNS.clientRateLimit)
  clientRateLimit(@Ctx() context: BusContext): void {
    this.gauges.take(context.getMessage(), ClientRateLimitEventSchema, (event) => this.recorder.clientRateLimit(event));
  }
}
