import { DOMAIN_METRICS } from '@switchyard/contracts';
import { createMetricsRegistry } from './domain-metrics';

describe('createMetricsRegistry', () => {
  it('exports exactly the catalogue: every name with its type, no other switchyard_ metric', async () => {
    const { registry } = createMetricsRegistry({ processMetrics: false });
    const text = await registry.metrics();
    const types = text.split('\n').filter((line) => line.startsWith('# TYPE switchyard_'));
    expect(types.sort()).toEqual(Object.values(DOMAIN_METRICS).map((m) => `# TYPE ${m.name} ${m.type}`).sort());
  });

  it.each(Object.entries(DOMAIN_METRICS))('%s has the catalogue labels', (_key, metric) => {
    const { registry } = createMetricsRegistry({ processMetrics: false });
    const found = registry.getSingleMetric(metric.name) as unknown as { labelNames: string[] } | undefined;
    expect(found?.labelNames).toEqual([...metric.labels]);
  });

  it('adds the process metrics, labelled service="metrics", to its own registry only', async () => {
    const { registry } = createMetricsRegistry();
    const text = await registry.metrics();
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('# TYPE nodejs_heap_size_used_bytes gauge');
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="metrics"\} /m);
    expect(await createMetricsRegistry({ processMetrics: false }).registry.metrics()).not.toContain('process_cpu');
  });
});
