import { MetricLabels } from '../labels/metric-labels';
import { createMetricsRegistry, type MetricsRegistry } from '../prometheus/domain-metrics';
import { heartbeat, T0 } from '../../test/events';
import { metricLines } from '../../test/metric-lines';
import { WorkerGauges } from './worker-gauges';

const GiB = 1024 ** 3;
const TTL_MS = 3_000;

describe('WorkerGauges: live gauges from heartbeats', () => {
  let metrics: MetricsRegistry;
  let now: number;
  let gauges: WorkerGauges;

  const lines = (name: string): Promise<string[]> => metricLines(metrics.registry, name);

  beforeEach(() => {
    metrics = createMetricsRegistry({ processMetrics: false });
    now = T0;
    gauges = new WorkerGauges(metrics.metrics, new MetricLabels(100), TTL_MS, () => now);
  });

  it('exports load and GPU memory per worker, and backend_up per backend it serves', async () => {
    gauges.observe(
      heartbeat('local-a', {
        inFlight: 1,
        queued: 3,
        models: [
          { name: 'stories260k', contextLength: 2048, capabilities: ['chat'] },
          { name: 'tiny', contextLength: 2048, capabilities: ['chat'] },
        ],
        resources: {
          cpu: { cores: 8, loadAverage1m: 1, processUtilisation: 0.5 },
          memory: { totalBytes: 16 * GiB, availableBytes: 8 * GiB, processRssBytes: GiB },
          gpus: [
            { name: 'RTX 4090', vramTotalBytes: 24 * GiB, vramUsedBytes: 6 * GiB },
            { name: 'RTX 4090', vramTotalBytes: 24 * GiB, vramUsedBytes: 0 },
          ],
        },
      }),
    );
    gauges.observe(heartbeat('cloud-openai-1', { kind: 'cloud', provider: 'openai', inFlight: 12, models: [{ name: 'gpt-4o-mini', contextLength: 128_000, capabilities: ['chat'] }] }));
    expect(await lines('switchyard_worker_in_flight')).toEqual(['switchyard_worker_in_flight{worker="local-a",kind="local"} 1', 'switchyard_worker_in_flight{worker="cloud-openai-1",kind="cloud"} 12']);
    expect(await lines('switchyard_worker_queued')).toEqual(['switchyard_worker_queued{worker="local-a",kind="local"} 3', 'switchyard_worker_queued{worker="cloud-openai-1",kind="cloud"} 0']);
    expect(await lines('switchyard_gpu_memory_used_bytes')).toEqual([
      `switchyard_gpu_memory_used_bytes{worker="local-a",gpu="0"} ${6 * GiB}`,
      'switchyard_gpu_memory_used_bytes{worker="local-a",gpu="1"} 0',
    ]);
    expect(await lines('switchyard_gpu_memory_total_bytes')).toEqual([
      `switchyard_gpu_memory_total_bytes{worker="local-a",gpu="0"} ${24 * GiB}`,
      `switchyard_gpu_memory_total_bytes{worker="local-a",gpu="1"} ${24 * GiB}`,
    ]);
    expect(await lines('switchyard_backend_up')).toEqual([
      'switchyard_backend_up{backend="local:stories260k"} 1',
      'switchyard_backend_up{backend="local:tiny"} 1',
      'switchyard_backend_up{backend="openai:gpt-4o-mini"} 1',
    ]);
  });

  it('expires a silent worker after the TTL: its series go, its backend drops to 0', async () => {
    gauges.observe(heartbeat('local-a', { inFlight: 1 }));
    now += TTL_MS - 1;
    expect(gauges.expire()).toEqual([]);
    expect(await lines('switchyard_backend_up')).toEqual(['switchyard_backend_up{backend="local:stories260k"} 1']);
    now += 1;
    expect(gauges.expire()).toEqual(['local-a']);
    expect(await lines('switchyard_backend_up')).toEqual(['switchyard_backend_up{backend="local:stories260k"} 0']);
    expect(await lines('switchyard_worker_in_flight')).toEqual([]);
    expect(await lines('switchyard_worker_queued')).toEqual([]);
  });

  it('keeps a backend up while another worker still serves it', async () => {
    gauges.observe(heartbeat('local-a'));
    now += 2_000;
    gauges.observe(heartbeat('local-b'));
    now += 1_500;
    expect(gauges.expire()).toEqual(['local-a']);
    expect(await lines('switchyard_backend_up')).toEqual(['switchyard_backend_up{backend="local:stories260k"} 1']);
    expect(await lines('switchyard_worker_in_flight')).toEqual(['switchyard_worker_in_flight{worker="local-b",kind="local"} 0']);
  });

  it('forgets a worker that says goodbye at once', async () => {
    gauges.observe(heartbeat('local-a'));
    expect(gauges.forget('local-a')).toBe(true);
    expect(gauges.forget('local-a')).toBe(false);
    expect(await lines('switchyard_backend_up')).toEqual(['switchyard_backend_up{backend="local:stories260k"} 0']);
    expect(gauges.size).toBe(0);
  });

  it.each([
    ['a draining worker', heartbeat('local-a', { draining: true })],
    ['a cloud worker whose provider is unreachable', heartbeat('local-a', { kind: 'cloud', upstream: { reachable: false, checkedAt: T0, reason: 'ECONNREFUSED' } })],
  ])('does not count %s as up, and counts it again once it recovers', async (_name, down) => {
    gauges.observe(heartbeat('local-a'));
    gauges.observe(down);
    expect(await lines('switchyard_backend_up')).toEqual(['switchyard_backend_up{backend="local:stories260k"} 0']);
    gauges.observe(heartbeat('local-a'));
    expect(await lines('switchyard_backend_up')).toEqual(['switchyard_backend_up{backend="local:stories260k"} 1']);
  });

  it('removes the series of GPUs a worker no longer reports', async () => {
    const gpu = { name: 'A100', vramTotalBytes: 80 * GiB, vramUsedBytes: GiB };
    const resources = { cpu: { cores: 8, loadAverage1m: 1, processUtilisation: 0 }, memory: { totalBytes: GiB, availableBytes: GiB, processRssBytes: 1 } };
    gauges.observe(heartbeat('local-a', { resources: { ...resources, gpus: [gpu, gpu] } }));
    gauges.observe(heartbeat('local-a', { resources: { ...resources, gpus: [gpu] } }));
    expect(await lines('switchyard_gpu_memory_total_bytes')).toEqual([`switchyard_gpu_memory_total_bytes{worker="local-a",gpu="0"} ${80 * GiB}`]);
    now += TTL_MS;
    gauges.expire();
    expect(await lines('switchyard_gpu_memory_used_bytes')).toEqual([]);
  });

  it('moves a backend to 0 when its worker stops serving that model', async () => {
    gauges.observe(heartbeat('local-a', { models: [{ name: 'a', contextLength: 64, capabilities: ['chat'] }, { name: 'b', contextLength: 64, capabilities: ['chat'] }] }));
    gauges.observe(heartbeat('local-a', { models: [{ name: 'a', contextLength: 64, capabilities: ['chat'] }] }));
    expect(await lines('switchyard_backend_up')).toEqual(['switchyard_backend_up{backend="local:a"} 1', 'switchyard_backend_up{backend="local:b"} 0']);
  });
});
