import { DOMAIN_METRICS, ROUTER_METRICS } from '@switchyard/contracts';
import { createProcessMetricsRegistry } from '@switchyard/observability';
import type { SeriesCatalogue } from './promql/check';

/** Labels Prometheus adds to every series it scrapes, from the target. */
export const TARGET_LABELS = ['job', 'instance'] as const;

/** Series Prometheus writes itself for every target, whatever it exports. */
const SCRAPE_SERIES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added'];

/** The series one metric becomes once scraped: a histogram is `_bucket` (with `le`), `_sum` and `_count`. */
function seriesOf(name: string, type: string, labels: readonly string[]): Array<[string, string[]]> {
  const scraped = [...labels, ...TARGET_LABELS];
  if (type === 'histogram') {
    return [
      [`${name}_bucket`, [...scraped, 'le']],
      [`${name}_sum`, scraped],
      [`${name}_count`, scraped],
    ];
  }
  if (type === 'summary') return [[name, [...scraped, 'quantile']], [`${name}_sum`, scraped], [`${name}_count`, scraped]];
  return [[name, scraped]];
}

/** The domain metrics as Prometheus stores them after scraping the metrics service (`DOMAIN_METRICS`) and the routers (`ROUTER_METRICS`). */
export function domainSeries(): Map<string, string[]> {
  return new Map([...Object.values(DOMAIN_METRICS), ...Object.values(ROUTER_METRICS)].flatMap((m) => seriesOf(m.name, m.type, m.labels)));
}

/**
 * prom-client's default metrics (`process_*`, `nodejs_*`) as every service registers them (with their
 * `service` label), read from the same registry factory the services use rather than listed by hand.
 */
export function processSeries(): Map<string, string[]> {
  const registry = createProcessMetricsRegistry('any');
  // The objects are the metrics themselves: `type` is 'counter', 'gauge', … at run time (the typings call it an enum).
  const metrics = registry.getMetricsAsArray() as unknown as Array<{ name: string; type: string; labelNames?: string[] }>;
  return new Map(metrics.flatMap((m) => seriesOf(m.name, m.type, m.labelNames ?? [])));
}

/** Every series a Prometheus scraping the five services holds: domain metrics, process metrics and scrape metadata. */
export function switchyardSeries(): SeriesCatalogue {
  return new Map([...domainSeries(), ...processSeries(), ...SCRAPE_SERIES.map((name): [string, string[]] => [name, [...TARGET_LABELS]])]);
}
