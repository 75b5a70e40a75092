import { Injectable } from '@nestjs/common';
import type { RouterHeartbeat } from '@switchyard/contracts';

/** A router silent this long is no longer sent requests (six missed heartbeats). */
export const ROUTER_TTL_MS = 3_000;
/** A router that failed a request is passed over for this long, unless it is the only one. */
export const SUSPECT_MS = 5_000;

interface KnownRouter {
  heartbeat: RouterHeartbeat;
  expiresAt: number;
  suspectUntil: number;
}

/**
 * The routers this gateway has heard from (their heartbeats reach `record` from `GatewayBusController`).
 * Requests go to a live router, in turn; one that failed a request is passed over for a while, and one
 * that stopped heartbeating (dead or frozen) is forgotten. With no router known yet, callers send to
 * whichever replica of the queue group takes it.
 */
@Injectable()
export class RouterDirectory {
  private readonly routers = new Map<string, KnownRouter>();
  private turn = 0;

  /** The clock (tests replace it). */
  now: () => number = Date.now;

  /** Records a heartbeat; a draining router is forgotten at once. */
  record(heartbeat: RouterHeartbeat): void {
    if (heartbeat.draining) {
      this.routers.delete(heartbeat.routerId);
      return;
    }
    const known = this.routers.get(heartbeat.routerId);
    this.routers.set(heartbeat.routerId, { heartbeat, expiresAt: this.now() + ROUTER_TTL_MS, suspectUntil: known?.suspectUntil ?? 0 });
  }

  /**
   * The next live router not in `exclude`, taking turns; routers under suspicion only when no other
   * is left. Undefined when none is known (send to the queue group).
   */
  pick(exclude: ReadonlySet<string> = new Set()): string | undefined {
    const now = this.now();
    const live = [...this.routers.values()].filter((r) => r.expiresAt > now && !exclude.has(r.heartbeat.routerId));
    if (live.length === 0) return undefined;
    const trusted = live.filter((r) => r.suspectUntil <= now);
    const pool = (trusted.length > 0 ? trusted : live).sort((a, b) => a.heartbeat.routerId.localeCompare(b.heartbeat.routerId));
    return pool[this.turn++ % pool.length].heartbeat.routerId;
  }

  /** Passes over a router that just failed a request, for `SUSPECT_MS`. */
  suspect(routerId: string): void {
    const known = this.routers.get(routerId);
    if (known) known.suspectUntil = this.now() + SUSPECT_MS;
  }

  /** Routers live now. */
  get size(): number {
    const now = this.now();
    return [...this.routers.values()].filter((r) => r.expiresAt > now).length;
  }
}
