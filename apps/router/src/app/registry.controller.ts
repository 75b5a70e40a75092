import { Controller, Get, Inject } from '@nestjs/common';
import type { WorkerHeartbeat } from '@switchyard/contracts';
import { WorkerRegistry } from './registry/worker-registry';
import { BREAKER, LATENCY, REGISTRY } from './router.constants';
import { CircuitBreaker, type CircuitState } from './routing/circuit-breaker';
import { LatencyTracker, type LatencyStats } from './routing/latency-tracker';
import { backendId } from './routing/model-ref';

/** One worker as this router sees it: its last heartbeat, its circuit, and the latency measured per model. */
interface WorkerView {
  heartbeat: WorkerHeartbeat;
  firstSeen: number;
  expiresAt: number;
  circuit: CircuitState;
  inFlightFromHere: number;
  latency: Record<string, LatencyStats>;
}

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
    return {
      workers: this.registry.list().map(({ heartbeat, firstSeen, expiresAt }) => {
        const latency: Record<string, LatencyStats> = {};
        for (const model of heartbeat.models) {
          const backend = backendId(heartbeat.provider, model.name);
          const stats = this.latency.get(heartbeat.workerId, backend);
          if (stats) latency[backend] = stats;
        }
        return {
          heartbeat,
          firstSeen,
          expiresAt,
          circuit: this.breaker.state(heartbeat.workerId),
          inFlightFromHere: this.registry.inFlightFromHere(heartbeat.workerId),
          latency,
        };
      }),
    };
  }
}
