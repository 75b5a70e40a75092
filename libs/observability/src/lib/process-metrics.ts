import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A Prometheus registry with prom-client's process metrics (`process_*`, `nodejs_*`), each labelled
 * `service="<name>"`. Only these default metrics carry the label: metrics an app registers later on the
 * same registry keep exactly the labels they declare.
 */
export function createProcessMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, labels: { service } });
  return registry;
}
