import { Counter } from 'prom-client';
import { createProcessMetricsRegistry } from './process-metrics';

describe('createProcessMetricsRegistry', () => {
  it('exports the process and Node.js metrics in Prometheus text format, labelled with the service', async () => {
    const registry = createProcessMetricsRegistry('router');
    const text = await registry.metrics();
    expect(registry.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="router"\} \d/m);
  });

  it('gives each registry its own metrics, so two services in one process do not collide', async () => {
    const a = createProcessMetricsRegistry('a');
    const b = createProcessMetricsRegistry('b');
    expect(await a.metrics()).toContain('service="a"');
    expect(await b.metrics()).not.toContain('service="a"');
  });

  it('leaves the labels of metrics registered later as they are declared', async () => {
    const registry = createProcessMetricsRegistry('metrics');
    const counter = new Counter({ name: 'switchyard_test_total', help: 'test', labelNames: ['status'], registers: [registry] });
    counter.inc({ status: '200' });
    expect(await registry.metrics()).toMatch(/^switchyard_test_total\{status="200"\} 1$/m);
  });
});
