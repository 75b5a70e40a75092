/** DI token of the service's prom-client `Registry` (process metrics; an app may register its own metrics on it). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** DI token of the `BearerToken` that guards `/metrics` (none configured: open, as Prometheus expects by default). */
export const METRICS_SCRAPE_TOKEN = Symbol('METRICS_SCRAPE_TOKEN');
