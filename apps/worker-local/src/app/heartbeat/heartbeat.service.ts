import { Inject, Injectable } from '@nestjs/common';
import { workerInferSubject, type WorkerHeartbeat, type WorkerResources } from '@switchyard/contracts';
import { BUS_CLIENT, type BusClient } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import { Drain, HostResourceSampler, WorkerPresence } from '@switchyard/runtime';
import type { InferenceEngine } from '../engine/inference-engine';
import { ModelRegistry } from '../models/model-registry.service';
import { GpuMonitor } from '../resources/gpu-monitor';
import type { WorkerLocalConfig } from '../worker-config';
import { INFERENCE_ENGINE, LOGGER, WORKER_CONFIG, WORKER_ID } from '../worker.constants';
import { buildHeartbeat } from './build-heartbeat';

/**
 * Announces the worker to routers: a heartbeat every `heartbeatMs`, one at once when a router asks
 * on `workerDiscover`, and a goodbye when it stops. Heartbeats carry the host's CPU and memory, and
 * the GPUs when inference runs on them (read in the background, so heartbeats stay synchronous).
 */
@Injectable()
export class HeartbeatService {
  private readonly presence: WorkerPresence;
  private readonly host = new HostResourceSampler();
  private readonly gpus: GpuMonitor;
  private stopped = false;

  constructor(
    @Inject(BUS_CLIENT) client: BusClient,
    @Inject(WORKER_CONFIG) private readonly config: WorkerLocalConfig,
    @Inject(WORKER_ID) private readonly workerId: string,
    private readonly registry: ModelRegistry,
    private readonly drain: Drain,
    @Inject(INFERENCE_ENGINE) engine: InferenceEngine,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.presence = new WorkerPresence(client, workerId, config.heartbeatMs, () => this.current());
    this.gpus = new GpuMonitor({ engine, logger });
  }

  /** The heartbeat as of now. */
  current(): WorkerHeartbeat {
    const models = this.registry.list().map(({ model, scheduler }) => ({
      name: model.info.name,
      contextLength: model.info.contextLength,
      concurrency: scheduler.concurrency,
      maxQueue: scheduler.maxQueue,
      inFlight: scheduler.inFlight,
      queued: scheduler.queued,
    }));
    const context = {
      workerId: this.workerId,
      subject: workerInferSubject(this.workerId),
      draining: this.drain.draining,
      intervalMs: this.config.heartbeatMs,
      sentAt: Date.now(),
      resources: this.resources(),
    };
    return buildHeartbeat(context, models);
  }

  /** Starts announcing once the GPUs have been read: one heartbeat now, then periodically and on request. */
  async start(): Promise<void> {
    await this.gpus.start();
    if (!this.stopped) this.presence.start();
  }

  /** Publishes the heartbeat as of now (draining, say) without waiting for the next beat. */
  beat(): void {
    if (!this.stopped) this.presence.beat();
  }

  /** A router asked workers to announce themselves (once announcing has started). */
  answerDiscover(): void {
    if (!this.stopped) this.presence.answerDiscover();
  }

  /** Stops announcing and says goodbye, so routers forget the worker now rather than at expiry. */
  stop(): void {
    this.stopped = true;
    this.gpus.stop();
    this.presence.stop();
  }

  private resources(): WorkerResources {
    const gpus = this.gpus.current();
    return gpus ? { ...this.host.sample(), gpus } : this.host.sample();
  }
}
