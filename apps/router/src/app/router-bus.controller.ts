import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern } from '@nestjs/microservices';
import { PATTERNS } from '@switchyard/contracts';
import { BusContext, encodeJson, observe } from '@switchyard/nats';
import type { Observable } from 'rxjs';
import { RouterService } from './router.service';

/** What the router answers on the bus: inference, the model catalogue, and workers' heartbeats and goodbyes. */
@Controller()
export class RouterBusController {
  constructor(private readonly router: RouterService) {}

  /** One inference request; the chosen worker answers the gateway, this stream carries only the router's own failures. */
  @MessagePattern(PATTERNS.routerInfer)
  infer(@Ctx() context: BusContext): Observable<Uint8Array> {
    return observe((signal) => this.router.infer(context.getMessage(), signal));
  }

  @MessagePattern(PATTERNS.routerModels)
  models(): Uint8Array {
    return encodeJson(this.router.catalog());
  }

  @EventPattern(PATTERNS.workerHeartbeat)
  heartbeat(@Ctx() context: BusContext): void {
    this.router.onHeartbeat(context.getMessage());
  }

  @EventPattern(PATTERNS.workerGoodbye)
  goodbye(@Ctx() context: BusContext): void {
    this.router.onGoodbye(context.getMessage());
  }
}
