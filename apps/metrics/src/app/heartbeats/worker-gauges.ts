import type { WorkerHeartbeat } from '@switchyard/contracts';
import type { MetricLabels } from '../labels/metric-labels';
import type { DomainMetricSet } from '../prometheus/domain-metrics';

/** The gauges fed by heartbeats. */
export type WorkerGaugeMetrics = Pick<DomainMetricSet, 'backendUp' | 'workerInFlight' | 'workerQueued' | 'gpuMemoryUsed' | 'gpuMemoryTotal'>;

interface LiveWorker {
  heartbeat: WorkerHeartbeat;
  expiresAt: number;
  /** Backend label values it serves. */
  backends: string[];
  /** GPUs it reported last (their series exist). */
  gpus: number;
}

/**
 * Live gauges from worker heartbeats: load and GPU memory per worker, and whether each backend has
 * a worker serving it. A worker silent for `ttlMs` (or saying goodbye) loses its series, and its
 * backends drop to `switchyard_backend_up 0` unless another worker serves them. Backends once seen
 * keep their series (at 0) so an alert can fire on them.
 */
export class WorkerGauges {
  private readonly workers = new Map<string, LiveWorker>();
  private readonly backends = new Set<string>();

  constructor(
    private readonly metrics: WorkerGaugeMetrics,
    private readonly labels: MetricLabels,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a heartbeat: the worker's gauges now, and its backends. */
  observe(heartbeat: WorkerHeartbeat): void {
    const { workerId: worker, kind } = heartbeat;
    const previous = this.workers.get(worker);
    if (previous && previous.heartbeat.kind !== kind) this.removeSeries(previous);
    this.metrics.workerInFlight.set({ worker, kind }, heartbeat.inFlight);
    this.metrics.workerQueued.set({ worker, kind }, heartbeat.queued);
    const gpus = heartbeat.resources?.gpus ?? [];
    gpus.forEach((gpu, index) => {
      this.metrics.gpuMemoryUsed.set({ worker, gpu: String(index) }, gpu.vramUsedBytes);
      this.metrics.gpuMemoryTotal.set({ worker, gpu: String(index) }, gpu.vramTotalBytes);
    });
    for (let index = gpus.length; index < (previous?.gpus ?? 0); index++) this.removeGpu(worker, index);
    const backends = heartbeat.models.map((model) => this.labels.backend(`${heartbeat.provider}:${model.name}`));
    for (const backend of backends) this.backends.add(backend);
    this.workers.set(worker, { heartbeat, expiresAt: this.now() + this.ttlMs, backends, gpus: gpus.length });
    // Most heartbeats change nothing about which backends are up; recompute only when this one might.
    const changed = !previous || isServing(previous.heartbeat) !== isServing(heartbeat) || previous.backends.join('\n') !== backends.join('\n');
    if (changed) this.refreshBackends();
  }

  /** Forgets a worker at once (it said goodbye); returns true when it was known. */
  forget(workerId: string): boolean {
    const worker = this.workers.get(workerId);
    if (!worker) return false;
    this.workers.delete(workerId);
    this.removeSeries(worker);
    this.refreshBackends();
    return true;
  }

  /** Drops workers silent for the TTL and brings `backend_up` up to date; returns the ids dropped. */
  expire(): string[] {
    const now = this.now();
    const gone = [...this.workers.values()].filter((w) => w.expiresAt <= now).map((w) => w.heartbeat.workerId);
    for (const id of gone) this.forget(id);
    if (gone.length === 0) this.refreshBackends();
    return gone;
  }

  /** Workers live now. */
  get size(): number {
    return this.workers.size;
  }

  private refreshBackends(): void {
    const up = new Set<string>();
    for (const worker of this.workers.values()) {
      if (isServing(worker.heartbeat)) for (const backend of worker.backends) up.add(backend);
    }
    for (const backend of this.backends) this.metrics.backendUp.set({ backend }, up.has(backend) ? 1 : 0);
  }

  private removeSeries(worker: LiveWorker): void {
    const labels = { worker: worker.heartbeat.workerId, kind: worker.heartbeat.kind };
    this.metrics.workerInFlight.remove(labels);
    this.metrics.workerQueued.remove(labels);
    for (let index = 0; index < worker.gpus; index++) this.removeGpu(labels.worker, index);
  }

  private removeGpu(worker: string, index: number): void {
    this.metrics.gpuMemoryUsed.remove({ worker, gpu: String(index) });
    this.metrics.gpuMemoryTotal.remove({ worker, gpu: String(index) });
  }
}

/** A worker serves its backends while it is not draining and, for a cloud worker, its provider is reachable. */
function isServing(heartbeat: WorkerHeartbeat): boolean {
  return !heartbeat.draining && heartbeat.upstream?.reachable !== false;
}
