/** DI token of the service's prom-client `Registry` (process metrics; an app may register its own metrics on it). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
