import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { PATTERNS, RouterHeartbeatSchema } from '@switchyard/contracts';
import { BusContext, decodeJson } from '@switchyard/nats';
import { RouterDirectory } from './router-directory';

/** What the gateway hears on the bus: routers' heartbeats, which keep its directory of routers. */
@Controller()
export class GatewayBusController {
  constructor(private readonly routers: RouterDirectory) {}

  @EventPattern(PATTERNS.routerHeartbeat)
  routerHeartbeat(@Ctx() context: BusContext): void {
    try {
      this.routers.record(decodeJson(context.getMessage().data, RouterHeartbeatSchema));
    } catch {
      // A malformed heartbeat names no router we could use.
    }
  }
}
