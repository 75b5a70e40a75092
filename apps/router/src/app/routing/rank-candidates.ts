import type { Capability } from '@switchyard/contracts';
import type { RegisteredWorker } from '../registry/worker-registry';
import { backendId, type ModelRef } from './model-ref';

/** One place a request could run: a worker and the model on it. */
export interface Candidate {
  workerId: string;
  subject: string;
  /** `<provider>:<model>`. */
  backend: string;
  kind: 'local' | 'cloud';
}

/** Share of a worker's capacity in use, counting its queue (1 = full, above = queueing). */
function loadOf(worker: RegisteredWorker): number {
  const hb = worker.heartbeat;
  if (hb.capacity === 0) return Number.POSITIVE_INFINITY;
  return (hb.inFlight + hb.queued) / hb.capacity;
}

/** True when the worker can take one more request right now (a free slot or room in its queue). */
function hasRoom(worker: RegisteredWorker): boolean {
  const hb = worker.heartbeat;
  return hb.inFlight + hb.queued < hb.capacity + hb.maxQueue;
}

/**
 * Every worker/model pair that matches `ref` and has every capability asked for, best first: edge
 * before cloud, then workers with room before full ones, then the least loaded. Draining workers and
 * cloud workers whose provider is unreachable are left out.
 */
export function rankCandidates(workers: RegisteredWorker[], ref: ModelRef, capabilities: Capability | readonly Capability[]): Candidate[] {
  const needed: readonly Capability[] = typeof capabilities === 'string' ? [capabilities] : capabilities;
  const scored: Array<{ candidate: Candidate; worker: RegisteredWorker }> = [];
  for (const worker of workers) {
    const hb = worker.heartbeat;
    if (hb.draining || hb.upstream?.reachable === false) continue;
    for (const model of hb.models) {
      if (!needed.every((c) => model.capabilities.includes(c))) continue;
      if (ref.kind === 'pinned' && (ref.provider !== hb.provider || ref.name !== model.name)) continue;
      if (ref.kind === 'bare' && ref.name !== model.name) continue;
      scored.push({
        candidate: { workerId: hb.workerId, subject: hb.subject, backend: backendId(hb.provider, model.name), kind: hb.kind },
        worker,
      });
    }
  }
  scored.sort(
    (a, b) =>
      Number(b.worker.heartbeat.kind === 'local') - Number(a.worker.heartbeat.kind === 'local') ||
      Number(hasRoom(b.worker)) - Number(hasRoom(a.worker)) ||
      loadOf(a.worker) - loadOf(b.worker),
  );
  return scored.map((s) => s.candidate);
}

/** Whether any live worker serves the model `ref` names (used to tell 404 from 503). */
export function isKnownModel(workers: RegisteredWorker[], ref: ModelRef): boolean {
  if (ref.kind === 'auto') return true;
  return workers.some((w) =>
    w.heartbeat.models.some((m) =>
      ref.kind === 'pinned' ? w.heartbeat.provider === ref.provider && m.name === ref.name : m.name === ref.name,
    ),
  );
}
