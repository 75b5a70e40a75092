import type { BackendsView, WorkerHeartbeat, WorkerView } from '@switchyard/contracts';

/** What a router measured about a worker, from the last `/backends` answer that listed it. */
export type RouterMeasurements = Pick<WorkerView, 'circuit' | 'latency' | 'inFlightFromHere'>;

/** A worker as the console remembers it: once seen, it stays listed (as down when it went away). */
export interface TrackedWorker {
  heartbeat: WorkerHeartbeat;
  /** When its last heartbeat was sent, on the browser's clock (so server clock skew does not matter). */
  heardAt: number;
  /** From the last `/backends` answer that listed it; null until one did. */
  router: RouterMeasurements | null;
  /** When its goodbye came; null unless one came after its last heartbeat. */
  leftAt: number | null;
  /** When a `/backends` answer first left it out; null while listed. */
  missingAt: number | null;
}

export type WorkerRegistry = Readonly<Record<string, TrackedWorker>>;

export type WorkerState = 'up' | 'down' | 'draining';
export type DownReason = 'left' | 'missing' | 'silent';

export interface WorkerStatus {
  state: WorkerState;
  /** Browser-clock epoch ms when it went down; null unless down. */
  downSince: number | null;
  /** Every reason it counts as down (empty unless down). */
  downReasons: DownReason[];
}

/** A heartbeat is late after this many of its intervals. */
export const MISSED_HEARTBEATS = 3;
/** A worker heard this recently may simply be newer than the `/backends` answer that left it out. */
export const MISSING_GRACE_MS = 1000;

/** Records a heartbeat from the feed, received at `receivedAt`: it replaces the worker's last one unless older. */
export function applyHeartbeat(registry: WorkerRegistry, heartbeat: WorkerHeartbeat, receivedAt: number): WorkerRegistry {
  const known = registry[heartbeat.workerId];
  if (known && heartbeat.sentAt < known.heartbeat.sentAt) return registry;
  if (known && heartbeat.sentAt === known.heartbeat.sentAt) return registry;
  return {
    ...registry,
    [heartbeat.workerId]: { heartbeat, heardAt: receivedAt, router: known?.router ?? null, leftAt: null, missingAt: null },
  };
}

/** Records a goodbye; a worker never seen is not listed (there is nothing to show about it). */
export function applyGoodbye(registry: WorkerRegistry, workerId: string, at: number): WorkerRegistry {
  const known = registry[workerId];
  if (!known || known.leftAt !== null) return registry;
  return { ...registry, [workerId]: { ...known, leftAt: at } };
}

/**
 * Merges a `/backends` answer asked for at `requestedAt` and received at `receivedAt` (browser clock): newer
 * heartbeats replace older ones, the router's measurements are refreshed, and known workers it left out are marked
 * missing (unless heard from just before the question, which the router may not have seen yet).
 */
export function applyBackends(registry: WorkerRegistry, view: BackendsView, requestedAt: number, receivedAt: number): WorkerRegistry {
  const next: Record<string, TrackedWorker> = { ...registry };
  const listed = new Set<string>();
  for (const worker of view.workers) {
    const { heartbeat } = worker;
    listed.add(heartbeat.workerId);
    const router: RouterMeasurements = { circuit: worker.circuit, latency: worker.latency, inFlightFromHere: worker.inFlightFromHere };
    const known = next[heartbeat.workerId];
    if (known && heartbeat.sentAt <= known.heartbeat.sentAt) {
      next[heartbeat.workerId] = { ...known, router, missingAt: null };
      continue;
    }
    // The heartbeat's age as the router saw it, carried over to the browser's clock.
    const age = Math.max(0, view.at - heartbeat.sentAt);
    next[heartbeat.workerId] = { heartbeat, heardAt: receivedAt - age, router, leftAt: null, missingAt: null };
  }
  for (const [workerId, known] of Object.entries(registry)) {
    if (listed.has(workerId) || known.missingAt !== null) continue;
    if (known.heardAt >= requestedAt - MISSING_GRACE_MS) continue;
    next[workerId] = { ...known, missingAt: receivedAt };
  }
  return next;
}

/** Up, draining or down at `now`, and since when it is down. */
export function workerStatus(worker: TrackedWorker, now: number): WorkerStatus {
  const downAt = new Map<DownReason, number>();
  if (worker.leftAt !== null) downAt.set('left', worker.leftAt);
  if (worker.missingAt !== null) downAt.set('missing', worker.missingAt);
  const lateAt = worker.heardAt + MISSED_HEARTBEATS * worker.heartbeat.intervalMs;
  if (now > lateAt) downAt.set('silent', lateAt);
  if (downAt.size > 0) return { state: 'down', downSince: Math.min(...downAt.values()), downReasons: [...downAt.keys()] };
  return { state: worker.heartbeat.draining ? 'draining' : 'up', downSince: null, downReasons: [] };
}

export interface WorkerRow {
  worker: TrackedWorker;
  status: WorkerStatus;
}

/** Every known worker with its status, in a stable order (local first, then by provider and id) so cards do not jump. */
export function workerRows(registry: WorkerRegistry, now: number): WorkerRow[] {
  return Object.values(registry)
    .map((worker) => ({ worker, status: workerStatus(worker, now) }))
    .sort((a, b) => {
      const x = a.worker.heartbeat;
      const y = b.worker.heartbeat;
      // `local` sorts after `cloud` alphabetically; local workers come first.
      return y.kind.localeCompare(x.kind) || x.provider.localeCompare(y.provider) || x.workerId.localeCompare(y.workerId);
    });
}

/** Worker ids by state, for the at-a-glance tile. */
export function workersByState(rows: WorkerRow[]): Record<WorkerState, string[]> {
  const result: Record<WorkerState, string[]> = { up: [], draining: [], down: [] };
  for (const row of rows) result[row.status.state].push(row.worker.heartbeat.workerId);
  return result;
}

export const DOWN_REASON_TEXT: Record<DownReason, string> = {
  left: 'said goodbye',
  missing: 'not listed by the router',
  silent: 'heartbeats stopped',
};
