import { workerInferSubject, type UpstreamStatus, type WorkerHeartbeat } from '@switchyard/contracts';
import type { HostResources } from '@switchyard/runtime';
import type { ResolvedProvider } from '../provider/resolved-provider';

/** The heartbeat of a cloud worker: its provider's models (each with its capabilities), its load, the provider's reachability and limits, and its host's CPU and memory. */
export function buildCloudHeartbeat(
  workerId: string,
  provider: ResolvedProvider,
  load: { inFlight: number; draining: boolean },
  upstream: UpstreamStatus,
  intervalMs: number,
  resources: HostResources,
): WorkerHeartbeat {
  return {
    workerId,
    kind: 'cloud',
    provider: provider.name,
    subject: workerInferSubject(workerId),
    models: provider.models.map((m) => ({ name: m.name, contextLength: m.contextLength, capabilities: m.capabilities })),
    capacity: provider.concurrency,
    inFlight: load.inFlight,
    queued: 0,
    maxQueue: 0,
    draining: load.draining,
    intervalMs,
    sentAt: Date.now(),
    upstream,
    resources,
  };
}
