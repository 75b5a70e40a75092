import { workerInferSubject, type Capability, type UpstreamStatus, type WorkerHeartbeat } from '@switchyard/contracts';
import type { HostResources } from '@switchyard/runtime';
import type { ResolvedProvider } from '../provider/resolved-provider';

/** What each provider format can do (Anthropic has no JSON mode of its own). */
const CAPABILITIES: Record<ResolvedProvider['kind'], Capability[]> = {
  openai: ['chat', 'tools', 'json'],
  'openai-compatible': ['chat', 'tools', 'json'],
  anthropic: ['chat', 'tools'],
};

/** The heartbeat of a cloud worker: its provider's models, its load, the provider's reachability and limits, and its host's CPU and memory. */
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
    models: provider.models.map((m) => ({ name: m.name, contextLength: m.contextLength, capabilities: CAPABILITIES[provider.kind] })),
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
