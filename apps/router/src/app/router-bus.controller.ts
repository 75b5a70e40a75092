import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern } from '@nestjs/microservices';
import { PATTERNS, type BackendsView } from '@switchyard/contracts';
import { BusContext, encodeJson, observe } from '@switchyard/nats';
import type { Observable } from 'rxjs';
import { registryView } from './registry/registry-view';
import { WorkerRegistry } from './registry/worker-registry';
import { BREAKER, LATENCY, REGISTRY } from './router.constants';
import { RouterService } from './router.service';
import { CircuitBreaker } from './routing/circuit-breaker';
import { LatencyTracker } from './routing/latency-tracker';

/** What the router answers on the bus: inference, the model catalogue, its view of the workers, and workers' heartbeats and goodbyes. */
@Controller()
export class RouterBusController {
  constructor(
    private readonly router: RouterService,
    @Inject(REGISTRY) private readonly registry: WorkerRegistry,
    @Inject(BREAKER) private readonly breaker: CircuitBreaker,
    @Inject(LATENCY) private readonly latency: LatencyTracker,
  ) {}

  /** One inference request; the chosen worker answers the gateway, this stream carries only the router's own failures. */
  @MessagePattern(PATTERNS.routerInfer)
  infer(@Ctx() context: BusContext): Observable<Uint8Array> {
    return observe((signal) => this.router.infer(context.getMessage(), signal));
  }

  @MessagePattern(PATTERNS.routerModels)
  models(): Uint8Array {
    return encodeJson(this.router.catalog());
  }

  /** The workers as this replica sees them (circuits and latency are per router), for the console. */
  @MessagePattern(PATTERNS.routerWorkers)
  workers(): Uint8Array {
    const view: BackendsView = { object: 'console.backends', routerId: this.router.routerId, at: Date.now(), workers: registryView(this.registry, this.breaker, this.latency) };
    return encodeJson(view);
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
