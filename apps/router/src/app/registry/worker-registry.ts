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
    return this.workers.delete(workerId);
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
}
