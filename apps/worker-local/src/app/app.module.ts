import { hostname } from 'node:os';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { SwitchyardConfig } from '@switchyard/config';
import { BUS, BUS_SERVER, NatsModule, type BusTransport } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import { DrainModule, HealthModule, MetricsModule, READINESS_CHECK, workerBusServer, type ReadinessCheck } from '@switchyard/runtime';
import type { InferenceEngine } from './engine/inference-engine';
import { LlamaEngine } from './engine/llama-engine';
import { HeartbeatService } from './heartbeat/heartbeat.service';
import { InferenceController } from './inference/inference.controller';
import { InferenceServer } from './inference/inference.server';
import { InferenceService } from './inference/inference.service';
import { LlamaModelDownloader } from './models/llama-model-downloader';
import type { ModelDownloader } from './models/model-downloader';
import { ModelRegistry } from './models/model-registry.service';
import { StatusController } from './status/status.controller';
import { WorkerStats } from './status/worker-stats.service';
import { defaultWorkerId } from './worker-id';
import { INFERENCE_ENGINE, LOGGER, MODEL_DOWNLOADER, WORKER_CONFIG, WORKER_ID } from './worker.constants';

/** Replacements for the parts that touch llama.cpp or the network (tests). */
export interface AppModuleOverrides {
  engine?: InferenceEngine;
  downloader?: ModelDownloader;
}

/** worker-local: serves local GGUF models over NATS, with `/health`, `/health/ready`, `/metrics` and `/status`. */
@Module({})
export class AppModule {
  static register(config: SwitchyardConfig, logger: Logger, overrides: AppModuleOverrides = {}): DynamicModule {
    const worker = config.workerLocal;
    const workerId = worker.id ?? defaultWorkerId(hostname(), process.pid);
    const readiness: Provider = {
      provide: READINESS_CHECK,
      inject: [BUS, ModelRegistry],
      useFactory: (bus: BusTransport, registry: ModelRegistry): ReadinessCheck => () => ({
        nats: bus.isConnected(),
        models: registry.list().length > 0,
      }),
    };
    return {
      module: AppModule,
      imports: [
        NatsModule.forRoot({ ...config.nats, name: 'switchyard-worker-local', shutdownGraceMs: config.shutdown.graceMs }),
        DrainModule.forRoot(config.shutdown.graceMs),
        HealthModule.register('worker-local'),
        MetricsModule.register('worker-local', config.metrics.scrapeToken),
      ],
      controllers: [StatusController, InferenceController],
      providers: [
        { provide: WORKER_CONFIG, useValue: worker },
        { provide: LOGGER, useValue: logger },
        { provide: WORKER_ID, useValue: workerId },
        // At a thousand tokens a second a message carries several, instead of each token costing a message and a wake-up of the gateway.
        { provide: BUS_SERVER, inject: [BUS], useFactory: (bus: BusTransport) => workerBusServer(bus, workerId, worker.streamBatchMs) },
        {
          provide: INFERENCE_ENGINE,
          useFactory: (): InferenceEngine => overrides.engine ?? new LlamaEngine({ gpu: worker.gpu, threads: worker.threads, logger }),
        },
        { provide: MODEL_DOWNLOADER, useFactory: (): ModelDownloader => overrides.downloader ?? new LlamaModelDownloader() },
        WorkerStats,
        ModelRegistry,
        InferenceService,
        HeartbeatService,
        InferenceServer,
        readiness,
      ],
    };
  }
}
