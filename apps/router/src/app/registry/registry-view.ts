import type { LatencyStats, WorkerView } from '@switchyard/contracts';
import type { CircuitBreaker } from '../routing/circuit-breaker';
import type { LatencyTracker } from '../routing/latency-tracker';
import { backendId } from '../routing/model-ref';
import type { WorkerRegistry } from './worker-registry';

/** Every worker as this router replica sees it: heartbeat, circuit, requests in flight from here, latency per backend. */
export function registryView(registry: WorkerRegistry, breaker: CircuitBreaker, latency: LatencyTracker): WorkerView[] {
  return registry.list().map(({ heartbeat, firstSeen, expiresAt }) => {
    const measured: Record<string, LatencyStats> = {};
    for (const model of heartbeat.models) {
      const backend = backendId(heartbeat.provider, model.name);
      const stats = latency.get(heartbeat.workerId, backend);
      if (stats) measured[backend] = stats;
    }
    return {
      heartbeat,
      firstSeen,
      expiresAt,
      circuit: breaker.state(heartbeat.workerId),
      inFlightFromHere: registry.inFlightFromHere(heartbeat.workerId),
      latency: measured,
    };
  });
}
