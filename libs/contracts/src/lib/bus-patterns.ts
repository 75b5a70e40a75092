import { QUEUE_GROUPS, SUBJECTS, routerInferSubject, workerInferSubject } from './subjects';

/**
 * The messages services exchange, by name: handlers are `@MessagePattern` / `@EventPattern` methods on these
 * names, and clients send to them. The bus transporter maps each to its NATS subjects (`BUS_ROUTES`).
 */
export const PATTERNS = {
  /** gateway → router: one inference request, answered by a stream of parts. */
  routerInfer: 'router.infer',
  /** gateway → router: the catalogue of models that can be served now. */
  routerModels: 'router.models',
  /** gateway → router: the workers as one router sees them (`BackendsView`), for the console. */
  routerWorkers: 'router.workers',
  /** routers → gateways: a router's heartbeat. */
  routerHeartbeat: 'router.heartbeat',
  /** router → worker: one inference request, answered by a stream of parts. */
  workerInfer: 'worker.infer',
  /** workers → routers and metrics: a worker's heartbeat. */
  workerHeartbeat: 'worker.heartbeat',
  /** workers → routers and metrics: the worker is leaving. */
  workerGoodbye: 'worker.goodbye',
  /** router or metrics → workers: send a heartbeat now. */
  workerDiscover: 'worker.discover',
  /** anyone → metrics: a usage query, answered by one metrics replica. */
  metricsUsage: 'metrics.usage',
  /** cloud workers → metrics: a provider's new rate-limit reading. */
  upstreamRateLimit: 'upstream.rate-limit',
  /** gateway → metrics: a key's rate-limit counters. */
  clientRateLimit: 'client.rate-limit',
} as const;

export type BusPattern = (typeof PATTERNS)[keyof typeof PATTERNS];

/** Where one pattern's messages travel. */
export interface BusRoute {
  /** The subject every replica listens on (events reach each; requests one of the `queue` group). */
  shared?: string;
  queue?: string;
  /** The subject of one replica, for a message addressed to it. */
  replica?: (replicaId: string) => string;
  /** Requests answered by a stream of messages rather than one reply. */
  stream?: boolean;
}

export const BUS_ROUTES: Readonly<Record<BusPattern, BusRoute>> = {
  [PATTERNS.routerInfer]: { shared: SUBJECTS.routerInfer, queue: QUEUE_GROUPS.router, replica: routerInferSubject, stream: true },
  [PATTERNS.routerModels]: { shared: SUBJECTS.routerModels, queue: QUEUE_GROUPS.router },
  [PATTERNS.routerWorkers]: { shared: SUBJECTS.routerWorkers, queue: QUEUE_GROUPS.router },
  [PATTERNS.routerHeartbeat]: { shared: SUBJECTS.routerHeartbeat },
  [PATTERNS.workerInfer]: { replica: workerInferSubject, stream: true },
  [PATTERNS.workerHeartbeat]: { shared: SUBJECTS.workerHeartbeat },
  [PATTERNS.workerGoodbye]: { shared: SUBJECTS.workerGoodbye },
  [PATTERNS.workerDiscover]: { shared: SUBJECTS.workerDiscover },
  [PATTERNS.metricsUsage]: { shared: SUBJECTS.metricsUsage, queue: QUEUE_GROUPS.metrics },
  [PATTERNS.upstreamRateLimit]: { shared: SUBJECTS.upstreamRateLimitEvent },
  [PATTERNS.clientRateLimit]: { shared: SUBJECTS.clientRateLimitEvent },
};

/** A table of routes by pattern: `BUS_ROUTES`, or a test's own. */
export type BusRoutes = Readonly<Record<string, BusRoute>>;

/** The route of a pattern; throws for a name that is not one (a programming error). */
export function busRoute(pattern: string, routes: BusRoutes = BUS_ROUTES): BusRoute {
  const route = routes[pattern];
  if (route === undefined) throw new Error(`'${pattern}' is not a bus pattern`);
  return route;
}

/** The subject a message of `pattern` goes to: replica `to`'s own, or the shared one. */
export function subjectOf(pattern: string, to?: string, routes: BusRoutes = BUS_ROUTES): string {
  const route = busRoute(pattern, routes);
  if (to !== undefined) {
    if (route.replica === undefined) throw new Error(`'${pattern}' has no per-replica subject`);
    return route.replica(to);
  }
  if (route.shared === undefined) throw new Error(`'${pattern}' needs a replica to send to`);
  return route.shared;
}

/** What replica `replicaId` (when it has one) listens on to receive `pattern`. */
export function subscriptionsOf(pattern: string, replicaId?: string, routes: BusRoutes = BUS_ROUTES): Array<{ subject: string; queue?: string }> {
  const route = busRoute(pattern, routes);
  const subscriptions: Array<{ subject: string; queue?: string }> = [];
  if (route.shared !== undefined) subscriptions.push({ subject: route.shared, queue: route.queue });
  if (route.replica !== undefined && replicaId !== undefined) subscriptions.push({ subject: route.replica(replicaId) });
  if (subscriptions.length === 0) throw new Error(`'${pattern}' is only served by a replica with an id`);
  return subscriptions;
}
