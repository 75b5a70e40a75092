import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern } from '@nestjs/microservices';
import { PATTERNS } from '@switchyard/contracts';
import { BusContext } from '@switchyard/nats';
import type { Observable } from 'rxjs';
import { CloudWorkerService } from './cloud-worker.service';

/** What worker-cloud answers on the bus: inference on its own subject, and routers asking workers to announce themselves. */
@Controller()
export class CloudWorkerController {
  constructor(private readonly worker: CloudWorkerService) {}

  @MessagePattern(PATTERNS.workerInfer)
  infer(@Ctx() context: BusContext): Observable<Uint8Array> {
    return this.worker.infer(context.getMessage());
  }

  @EventPattern(PATTERNS.workerDiscover)
  discover(): void {
    this.worker.answerDiscover();
  }
}
