import type { WorkerHeartbeat } from '@switchyard/contracts';

/** A worker as the registry knows it: its last heartbeat and when it expires. */
export interface RegisteredWorker {
  heartbeat: WorkerHeartbeat;
  /** Epoch ms of the first heartbeat seen. */
  firstSeen: number;
  /** Epoch ms after which the worker is considered gone. */
  expiresAt: number;
}

/**
 * The router's live view of the workers, built only from their heartbeats. A worker that stays
 * silent for `ttlMs` (or says goodbye) disappears; nothing here talks to the bus.
 */
export class WorkerRegistry {
  private readonly workers = new Map<string, RegisteredWorker>();
  private readonly dispatched = new Map<string, number>();
  private readonly goneListeners = new Set<(workerId: string) => void>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a heartbeat; returns true when the worker is new. */
  upsert(heartbeat: WorkerHeartbeat): boolean {
    const now = this.now();
    const existing = this.workers.get(heartbeat.workerId);
    this.workers.set(heartbeat.workerId, {
      heartbeat,
      firstSeen: existing?.firstSeen ?? now,
      expiresAt: now + this.ttlMs,
    });
    return existing === undefined;
  }

  /** Forgets a worker at once; returns true when it was known. */
  remove(workerId: string): boolean {
    const known = this.workers.delete(workerId);
    if (known) this.notifyGone(workerId);
    return known;
  }

  /** Calls `listener` with the id of every worker that leaves or expires; returns the unsubscribe. */
  onGone(listener: (workerId: string) => void): () => void {
    this.goneListeners.add(listener);
    return () => this.goneListeners.delete(listener);
  }

  /** Whether the worker is live now. */
  has(workerId: string): boolean {
    const worker = this.workers.get(workerId);
    return worker !== undefined && worker.expiresAt > this.now();
  }

  /**
   * Counts a request this router sent to the worker until the returned release is called. Heartbeats
   * report load with a delay; this count keeps a burst from piling onto a worker between two of them.
   */
  countInFlight(workerId: string): () => void {
    this.dispatched.set(workerId, (this.dispatched.get(workerId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.dispatched.get(workerId) ?? 1) - 1;
      if (left <= 0) this.dispatched.delete(workerId);
      else this.dispatched.set(workerId, left);
    };
  }

  /** Requests this router has sent to the worker that have not finished. */
  inFlightFromHere(workerId: string): number {
    return this.dispatched.get(workerId) ?? 0;
  }

  /** Drops workers whose heartbeats stopped; returns their ids. */
  expire(): string[] {
    const now = this.now();
    const gone: string[] = [];
    for (const [id, worker] of this.workers) {
      if (worker.expiresAt <= now) {
        this.workers.delete(id);
        gone.push(id);
      }
    }
    for (const id of gone) this.notifyGone(id);
    return gone;
  }

  /** Live workers (expired ones excluded even before the next sweep). */
  list(): RegisteredWorker[] {
    const now = this.now();
    return [...this.workers.values()].filter((w) => w.expiresAt > now);
  }

  get size(): number {
    return this.list().length;
  }

  private notifyGone(workerId: string): void {
    for (const listener of this.goneListeners) {
      try {
        listener(workerId);
      } catch {
        // One listener failing must not keep the others from hearing about it.
      }
    }
  }
}
