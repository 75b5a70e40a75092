import { Controller, Get, Inject } from '@nestjs/common';
import type { WorkerView } from '@switchyard/contracts';
import { registryView } from './registry/registry-view';
import { WorkerRegistry } from './registry/worker-registry';
import { BREAKER, LATENCY, REGISTRY } from './router.constants';
import { CircuitBreaker } from './routing/circuit-breaker';
import { LatencyTracker } from './routing/latency-tracker';

/** `GET /workers`: the registry as this router replica sees it, for operators. */
@Controller('workers')
export class RegistryController {
  constructor(
    @Inject(REGISTRY) private readonly registry: WorkerRegistry,
    @Inject(BREAKER) private readonly breaker: CircuitBreaker,
    @Inject(LATENCY) private readonly latency: LatencyTracker,
  ) {}

  @Get()
  list(): { workers: WorkerView[] } {
    return { workers: registryView(this.registry, this.breaker, this.latency) };
  }
}
