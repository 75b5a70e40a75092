import type { Capability } from '@switchyard/contracts';
import type { RegisteredWorker } from '../registry/worker-registry';
import { backendId, preferenceOf, type ModelRef } from './model-ref';

/** One place a request could run: a worker and one of its models, with the load it reports. */
export interface Candidate {
  workerId: string;
  /** `<provider>:<model>`. */
  backend: string;
  kind: 'local' | 'cloud';
  provider: string;
  model: string;
  contextLength: number;
  /** 0 for auto and direct matches; the position in an alias's list otherwise. */
  preference: number;
  /** Requests the worker runs or holds: its heartbeat's count, or this router's own when higher (heartbeats lag). */
  busy: number;
  capacity: number;
  maxQueue: number;
}

/** A slot is free: the request starts at once. */
export function hasFreeSlot(c: Candidate): boolean {
  return c.busy < c.capacity;
}

/** The worker would take the request, at once or into its queue. */
export function hasRoom(c: Candidate): boolean {
  return c.busy < c.capacity + c.maxQueue;
}

/** Share of capacity in use (1 = every slot busy, above 1 = queueing). */
export function loadOf(c: Candidate): number {
  return c.capacity === 0 ? Number.POSITIVE_INFINITY : c.busy / c.capacity;
}

/**
 * Every live worker/model pair that `ref` names and that has every capability asked for. Draining
 * workers and cloud workers whose provider is unreachable are left out.
 */
export function collectCandidates(
  workers: readonly RegisteredWorker[],
  ref: ModelRef,
  capabilities: readonly Capability[],
  ownInFlight: (workerId: string) => number = () => 0,
): Candidate[] {
  const found: Candidate[] = [];
  for (const { heartbeat: hb } of workers) {
    if (hb.draining || hb.upstream?.reachable === false) continue;
    for (const model of hb.models) {
      if (!capabilities.every((c) => model.capabilities.includes(c))) continue;
      const preference = preferenceOf(ref, hb.provider, model.name);
      if (preference < 0) continue;
      found.push({
        workerId: hb.workerId,
        backend: backendId(hb.provider, model.name),
        kind: hb.kind,
        provider: hb.provider,
        model: model.name,
        contextLength: model.contextLength,
        preference,
        busy: Math.max(hb.inFlight + hb.queued, ownInFlight(hb.workerId)),
        capacity: hb.capacity,
        maxQueue: hb.maxQueue,
      });
    }
  }
  return found;
}

/** Whether any live worker serves a model `ref` names (tells 404 from 503). Auto and aliases always exist. */
export function isKnownModel(workers: readonly RegisteredWorker[], ref: ModelRef): boolean {
  if (ref.kind === 'auto' || ref.kind === 'alias') return true;
  return workers.some((w) => w.heartbeat.models.some((m) => preferenceOf(ref, w.heartbeat.provider, m.name) >= 0));
}
