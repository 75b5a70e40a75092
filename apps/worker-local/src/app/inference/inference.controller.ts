import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern } from '@nestjs/microservices';
import { errorPart, PATTERNS } from '@switchyard/contracts';
import { BusContext, encodeJson } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import { Drain, inferenceReply } from '@switchyard/runtime';
import { of, type Observable } from 'rxjs';
import { HeartbeatService } from '../heartbeat/heartbeat.service';
import { LOGGER } from '../worker.constants';
import { InferenceServer } from './inference.server';
import { InferenceService } from './inference.service';

/** What worker-local answers on the bus: inference on its own subject, and routers asking workers to announce themselves. */
@Controller()
export class InferenceController {
  constructor(
    private readonly inference: InferenceService,
    private readonly server: InferenceServer,
    private readonly heartbeats: HeartbeatService,
    private readonly drain: Drain,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @MessagePattern(PATTERNS.workerInfer)
  infer(@Ctx() context: BusContext): Observable<Uint8Array> {
    if (!this.server.serving) return of(encodeJson(errorPart('service_unavailable', 'this worker is not serving (starting or shutting down)', { retryable: true })));
    // The inference service watches the drain's cut itself (and says why it stopped).
    return inferenceReply(this.drain, context.getMessage(), (request, message, signal) => this.inference.handle(request, signal, message.headers), { logger: this.logger });
  }

  @EventPattern(PATTERNS.workerDiscover)
  discover(): void {
    this.heartbeats.answerDiscover();
  }
}
