import type { GpuResource } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import type { InferenceEngine } from '../engine/inference-engine';
import { engineGpus } from './engine-gpus';
import { parseNvidiaSmiGpus, runNvidiaSmi, type NvidiaSmiRunner } from './nvidia-smi';

/** How often GPU readings are refreshed (and `nvidia-smi` run, on CUDA), in ms. */
export const GPU_SAMPLE_MS = 5_000;

/** What the monitor reads; tests pass fakes. */
export interface GpuMonitorOptions {
  engine: InferenceEngine;
  logger: Logger;
  nvidiaSmi?: NvidiaSmiRunner;
  intervalMs?: number;
}

/**
 * Keeps the latest GPU reading for synchronous heartbeats, refreshed in the background every
 * `intervalMs`: video memory from the engine and, on CUDA, utilisation from `nvidia-smi`. A failed
 * `nvidia-smi` only leaves utilisation out (logged once, at debug); no GPU, or an engine that
 * cannot say, leaves `gpus` out.
 */
export class GpuMonitor {
  private latest: GpuResource[] | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private stopped = false;
  /** Failures already logged, so a lasting one is logged once rather than every refresh. */
  private readonly logged = new Set<'engine' | 'nvidia-smi'>();
  private readonly nvidiaSmi: NvidiaSmiRunner;
  private readonly intervalMs: number;

  constructor(private readonly options: GpuMonitorOptions) {
    this.nvidiaSmi = options.nvidiaSmi ?? runNvidiaSmi;
    this.intervalMs = options.intervalMs ?? GPU_SAMPLE_MS;
  }

  /** The GPUs as of the last refresh; undefined when inference runs on the CPU. */
  current(): GpuResource[] | undefined {
    return this.latest;
  }

  /** Reads now, then keeps refreshing until `stop`; resolves once the first reading is in. */
  async start(): Promise<void> {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.refresh(), this.intervalMs);
    this.timer.unref();
    await this.refresh();
  }

  /** Stops refreshing; a reading under way is discarded. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads the GPUs once; while a reading is under way, waits for that one instead. */
  refresh(): Promise<void> {
    this.reading ??= this.read().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async read(): Promise<void> {
    try {
      const state = await this.options.engine.gpuState();
      const utilisation = state?.backend === 'cuda' ? await this.readNvidiaSmi() : undefined;
      if (!this.stopped) this.latest = state && engineGpus(state, utilisation);
    } catch (error) {
      this.latest = undefined;
      if (this.once('engine')) this.options.logger.warn({ err: error }, 'cannot read the GPU state from llama.cpp; heartbeats carry no gpus');
    }
  }

  private async readNvidiaSmi(): Promise<GpuResource[] | undefined> {
    try {
      return parseNvidiaSmiGpus(await this.nvidiaSmi());
    } catch (error) {
      if (this.once('nvidia-smi')) this.options.logger.debug({ err: error }, 'nvidia-smi failed; heartbeats carry no GPU utilisation');
      return undefined;
    }
  }

  /** True the first time it is asked about `failure`. */
  private once(failure: 'engine' | 'nvidia-smi'): boolean {
    if (this.logged.has(failure)) return false;
    this.logged.add(failure);
    return true;
  }
}
