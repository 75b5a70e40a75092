/** NATS subjects every Switchyard service agrees on. */
export const SUBJECTS = {
  /** gateway → router: one inference request; the router streams parts back (queue group below). */
  routerInfer: 'switchyard.router.infer',
  /** routers → gateways: a heartbeat naming the router's own inference subject (see `routerInferSubject`). */
  routerHeartbeat: 'switchyard.routers.heartbeat',
  /** gateway → router: the catalogue of models that can be served now. */
  routerModels: 'switchyard.router.models',
  /** gateway → router: the workers as one router sees them, for the console (one router of the queue group answers). */
  routerWorkers: 'switchyard.router.workers',
  /** workers → routers: a heartbeat with models, capacity and load, every few hundred ms. */
  workerHeartbeat: 'switchyard.workers.heartbeat',
  /** workers → routers: the worker is leaving; forget it now rather than at expiry. */
  workerGoodbye: 'switchyard.workers.goodbye',
  /** router → workers: send a heartbeat now (a router that just started asks for the registry). */
  workerDiscover: 'switchyard.workers.discover',
  /** cloud workers → metrics: a new rate-limit reading from the provider (at most one a second per worker). */
  upstreamRateLimitEvent: 'switchyard.events.upstream.ratelimit',
  /** gateway → metrics: one usage event per finished request (JetStream, durable). */
  usageEvent: 'switchyard.events.usage',
  /** gateway → metrics: a key's rate-limit counters (JetStream). */
  clientRateLimitEvent: 'switchyard.events.client.ratelimit',
  /** anyone → metrics: a usage query (`UsageQuerySchema`); one metrics replica answers (`UsageReplySchema`). */
  metricsUsage: 'switchyard.metrics.usage',
} as const;

/** Queue groups: every replica of a service joins its group so each request reaches one of them. */
export const QUEUE_GROUPS = {
  router: 'switchyard-router',
  metrics: 'switchyard-metrics',
} as const;

/** The subject one router replica serves inference on (besides the shared queue-group subject). */
export function routerInferSubject(routerId: string): string {
  return `switchyard.router.${routerId}.infer`;
}

/** The subject a worker serves inference on. Worker ids are restricted to subject-safe characters. */
export function workerInferSubject(workerId: string): string {
  return `switchyard.worker.${workerId}.infer`;
}

/** Worker ids travel inside subjects: letters, digits, `-` and `_` only. */
export const WORKER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
