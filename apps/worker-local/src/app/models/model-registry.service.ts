import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from '@switchyard/observability';
import type { InferenceEngine } from '../engine/inference-engine';
import { Drain } from '@switchyard/runtime';
import { ModelScheduler } from '../scheduler/model-scheduler';
import type { WorkerLocalConfig } from '../worker-config';
import { INFERENCE_ENGINE, LOGGER, MODEL_DOWNLOADER, WORKER_CONFIG } from '../worker.constants';
import { formatProgress, throttleProgress } from './download-progress';
import type { ModelDownloader } from './model-downloader';
import { EMBEDDED_DEFAULT_MODEL } from './embedded-default-model';
import { resolveModelSpecs, type ModelSpec } from './model-spec';
import type { ServedModel } from './served-model';

/** How often a download logs its progress, in ms. */
const PROGRESS_LOG_MS = 2_000;

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Loads the configured models at start-up (downloading those given by `source` on first start) and
 * serves them by name. A model that fails to load is logged and left out; with none at all the
 * worker stays up and reports itself not ready. On shutdown it lets running work finish (up to the
 * grace period) before freeing the models.
 */
@Injectable()
export class ModelRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly served = new Map<string, ServedModel>();

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerLocalConfig,
    @Inject(INFERENCE_ENGINE) private readonly engine: InferenceEngine,
    @Inject(MODEL_DOWNLOADER) private readonly downloader: ModelDownloader,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly drain: Drain,
  ) {}

  async onModuleInit(): Promise<void> {
    const plan = resolveModelSpecs(this.config, process.cwd(), listDir, EMBEDDED_DEFAULT_MODEL);
    for (const problem of plan.problems) this.logger.error(problem);
    for (const spec of plan.specs) await this.load(spec);
    if (this.served.size === 0) {
      this.logger.warn(
        { modelsDir: this.config.modelsDir },
        `NO MODELS: worker-local serves nothing. Put a .gguf file in "${this.config.modelsDir}" or configure workerLocal.models.`,
      );
    } else if (this.config.models.length === 0 && plan.specs.every((spec) => spec.location.kind === 'file' && spec.location.path === EMBEDDED_DEFAULT_MODEL)) {
      this.logger.info(`serving the embedded default model; put a .gguf file in "${this.config.modelsDir}" or configure workerLocal.models to serve your own`);
    }
  }

  /** The model served as `name`, if any. */
  get(name: string): ServedModel | undefined {
    return this.served.get(name);
  }

  /** Every served model, in load order. */
  list(): ServedModel[] {
    return [...this.served.values()];
  }

  /** Names of the served models. */
  names(): string[] {
    return [...this.served.keys()];
  }

  async onApplicationShutdown(): Promise<void> {
    // The drain lets running requests finish (and cuts them when the grace period is over); generations
    // whose caller left may still be winding down, so wait for the schedulers too before freeing the models.
    await this.drain.whenDone();
    await Promise.race([Promise.all(this.list().map((s) => s.scheduler.idle())), sleep(2_000)]);
    for (const { model } of this.list()) await model.dispose().catch(() => undefined);
    this.served.clear();
    await this.engine.dispose();
  }

  private async load(spec: ModelSpec): Promise<void> {
    const log = this.logger.child({ model: spec.name });
    try {
      const path = await this.locate(spec, log);
      const started = Date.now();
      const model = await this.engine.loadModel({ name: spec.name, path, contextSize: spec.contextSize, concurrency: spec.concurrency });
      this.served.set(spec.name, { model, scheduler: new ModelScheduler(spec.concurrency, spec.maxQueue) });
      log.info({ ...model.info, maxQueue: spec.maxQueue, ms: Date.now() - started }, `model local:${spec.name} loaded`);
    } catch (error) {
      log.error({ err: error }, `model local:${spec.name} failed to load; not serving it`);
    }
  }

  private async locate(spec: ModelSpec, log: Logger): Promise<string> {
    const location = spec.location;
    if (location.kind === 'file') return location.path;
    if (location.fileName !== undefined && existsSync(join(location.dir, location.fileName))) {
      return join(location.dir, location.fileName);
    }
    log.info({ source: location.source, dir: location.dir }, `downloading model local:${spec.name} from ${location.source}`);
    const path = await this.downloader.download({
      source: location.source,
      dir: location.dir,
      fileName: location.fileName,
      onProgress: throttleProgress((status) => log.info({ ...status }, `downloading local:${spec.name}: ${formatProgress(status)}`), PROGRESS_LOG_MS),
    });
    log.info({ path }, `downloaded model local:${spec.name}`);
    return path;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
