import { WorkerHeartbeatSchema, type WorkerResources } from '@switchyard/contracts';
import { buildHeartbeat, type HeartbeatContext, type ModelLoad } from './build-heartbeat';

const resources: WorkerResources = {
  cpu: { cores: 16, loadAverage1m: 3.5, processUtilisation: 1.8 },
  memory: { totalBytes: 64 * 1024 ** 3, availableBytes: 40 * 1024 ** 3, processRssBytes: 5 * 1024 ** 3 },
};
const context: HeartbeatContext = { workerId: 'local-box-1', subject: 'switchyard.worker.local-box-1.infer', draining: false, intervalMs: 500, sentAt: 1_700_000_000_000, resources };
const stories: ModelLoad = { name: 'stories260k', contextLength: 512, concurrency: 2, maxQueue: 8, inFlight: 1, queued: 0 };
const tiny: ModelLoad = { name: 'llama-2-tiny-random', contextLength: 4096, concurrency: 1, maxQueue: 1, inFlight: 1, queued: 1 };

describe('buildHeartbeat', () => {
  it.each<[string, ModelLoad[], Record<string, number>]>([
    ['no models', [], { capacity: 0, inFlight: 0, queued: 0, maxQueue: 0 }],
    ['one model', [stories], { capacity: 2, inFlight: 1, queued: 0, maxQueue: 8 }],
    ['two models, summed', [stories, tiny], { capacity: 3, inFlight: 2, queued: 1, maxQueue: 9 }],
  ])('reports %s', (_name, models, load) => {
    const heartbeat = buildHeartbeat(context, models);
    expect(WorkerHeartbeatSchema.parse(heartbeat)).toEqual(heartbeat);
    expect(heartbeat).toMatchObject({ ...load, workerId: 'local-box-1', kind: 'local', provider: 'local', subject: context.subject });
    expect(heartbeat.models).toEqual(models.map((m) => ({ name: m.name, contextLength: m.contextLength, capabilities: ['chat', 'completions', 'embeddings', 'json', 'tools', 'continue'] })));
  });

  it.each<[string, WorkerResources]>([
    ['CPU and memory', resources],
    ['CPU, memory and a GPU', { ...resources, gpus: [{ name: 'NVIDIA GeForce RTX 4090', vramTotalBytes: 24 * 1024 ** 3, vramUsedBytes: 9 * 1024 ** 3, utilisation: 0.6 }] }],
  ])('carries the host resources: %s', (_name, hostResources) => {
    const heartbeat = buildHeartbeat({ ...context, resources: hostResources }, [stories]);
    expect(WorkerHeartbeatSchema.parse(heartbeat).resources).toEqual(hostResources);
  });

  it('says when the worker is draining', () => {
    expect(buildHeartbeat({ ...context, draining: true }, [stories]).draining).toBe(true);
  });
});
