import { DOMAIN_METRICS } from '@switchyard/contracts';
import { createProcessMetricsRegistry } from '@switchyard/observability';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BUCKETS, HELP, type HistogramKey, type MetricKey } from './metric-definitions';

type Catalogue = typeof DOMAIN_METRICS;
type LabelOf<K extends MetricKey> = Catalogue[K]['labels'][number];
type Instrument<K extends MetricKey> = Catalogue[K]['type'] extends 'counter'
  ? Counter<LabelOf<K>>
  : Catalogue[K]['type'] extends 'gauge'
    ? Gauge<LabelOf<K>>
    : Histogram<LabelOf<K>>;

/** Every metric of the catalogue (`DOMAIN_METRICS`), typed with its own labels. */
export type DomainMetricSet = { readonly [K in MetricKey]: Instrument<K> };

/** A registry and the domain metrics registered on it. */
export interface MetricsRegistry {
  registry: Registry;
  metrics: DomainMetricSet;
}

function isHistogram(key: MetricKey): key is HistogramKey {
  return DOMAIN_METRICS[key].type === 'histogram';
}

/** Creates one metric of the catalogue in `registry`. */
function create(key: MetricKey, registry: Registry): Counter<string> | Gauge<string> | Histogram<string> {
  const { name, type, labels } = DOMAIN_METRICS[key];
  const base = { name, help: HELP[key], labelNames: labels, registers: [registry] };
  if (isHistogram(key)) return new Histogram({ ...base, buckets: [...BUCKETS[key]] });
  return type === 'counter' ? new Counter(base) : new Gauge(base);
}

/** Registers the whole catalogue on `registry` (the service's, served on `/metrics`). */
export function registerDomainMetrics(registry: Registry): DomainMetricSet {
  const keys = Object.keys(DOMAIN_METRICS) as MetricKey[];
  return Object.fromEntries(keys.map((key) => [key, create(key, registry)])) as unknown as DomainMetricSet;
}

/** A fresh registry with the whole catalogue; `processMetrics` adds the process metrics (`service="metrics"`), off in unit tests. */
export function createMetricsRegistry(options: { processMetrics: boolean } = { processMetrics: true }): MetricsRegistry {
  const registry = options.processMetrics ? createProcessMetricsRegistry('metrics') : new Registry();
  return { registry, metrics: registerDomainMetrics(registry) };
}
