import type { Llama, LlamaLogLevel } from 'node-llama-cpp';
import type { Logger } from '@switchyard/observability';
import type { EngineGpuState, InferenceEngine, LoadedModel, ModelLoadSpec } from './inference-engine';
import { LlamaEmbedder } from './llama-embedder';
import { LlamaGrammars } from './llama-grammars';
import { LlamaLoadedModel, type LlamaSlot } from './llama-loaded-model';
import { loadNodeLlamaCpp, type NodeLlamaCpp } from './load-node-llama-cpp';
import { resolveThreads } from './resolve-threads';

/** Settings of the llama.cpp engine (from `workerLocal`). */
export interface LlamaEngineOptions {
  /** `auto` uses CUDA, Vulkan or Metal when present; `false` forces the CPU. */
  gpu: 'auto' | false;
  /** CPU threads per evaluation; 0 picks for the machine (see `resolveThreads`). */
  threads: number;
  logger: Logger;
}

/** Context window used when neither the config nor a smaller training context says otherwise. */
const DEFAULT_MAX_CONTEXT = 4096;

/** Log levels of llama.cpp mapped to pino's; its `info` and `log` lines are start-up chatter. */
const LOG_LEVELS: Record<`${LlamaLogLevel}`, 'error' | 'warn' | 'debug' | 'trace' | undefined> = {
  disabled: undefined,
  fatal: 'error',
  error: 'error',
  warn: 'warn',
  info: 'debug',
  log: 'debug',
  debug: 'trace',
};

/** The in-process llama.cpp engine (node-llama-cpp). node-llama-cpp is loaded on the first model. */
export class LlamaEngine implements InferenceEngine {
  private runtime: Promise<{ lib: NodeLlamaCpp; llama: Llama }> | undefined;

  constructor(private readonly options: LlamaEngineOptions) {}

  async loadModel(spec: ModelLoadSpec): Promise<LoadedModel> {
    const { lib, llama } = await this.start();
    const model = await llama.loadModel({ modelPath: spec.path });
    const threads = resolveThreads(this.options.threads, llama.cpuMathCores);
    const context = await model.createContext({
      contextSize: spec.contextSize ?? Math.min(model.trainContextSize, DEFAULT_MAX_CONTEXT),
      sequences: spec.concurrency,
      threads,
    });
    const slots: LlamaSlot[] = [];
    for (let i = 0; i < spec.concurrency; i++) {
      const sequence = context.getSequence();
      // `auto`: the model's own chat template when it has one, else a wrapper matched to its family
      // (Llama 2, ChatML, …), else a generic "### Human / ### Assistant" wrapper.
      slots.push({ sequence, chat: new lib.LlamaChat({ contextSequence: sequence, chatWrapper: 'auto' }) });
    }
    const info = {
      name: spec.name,
      path: spec.path,
      contextLength: context.contextSize,
      concurrency: spec.concurrency,
      threads,
      chatWrapper: slots[0].chat.chatWrapper.wrapperName,
      vocabularySize: model.fileInfo.metadata?.tokenizer?.ggml?.tokens?.length ?? 0,
      embeddingSize: model.embeddingVectorSize,
      infill: model.tokens.infill.prefix !== null && model.tokens.infill.suffix !== null,
    };
    const embedder = new LlamaEmbedder(model, { contextSize: context.contextSize, threads });
    return new LlamaLoadedModel(info, { lib, model, context, slots, grammars: new LlamaGrammars(llama), embedder });
  }

  async gpuState(): Promise<EngineGpuState | undefined> {
    const runtime = await this.runtime?.catch(() => undefined);
    const backend = runtime?.llama.gpu;
    if (!runtime || !backend) return undefined;
    const [vram, deviceNames] = await Promise.all([runtime.llama.getVramState(), runtime.llama.getGpuDeviceNames()]);
    return { backend, deviceNames, vramTotalBytes: vram.total, vramUsedBytes: vram.used };
  }

  async dispose(): Promise<void> {
    const runtime = await this.runtime?.catch(() => undefined);
    await runtime?.llama.dispose();
  }

  private start(): Promise<{ lib: NodeLlamaCpp; llama: Llama }> {
    this.runtime ??= (async () => {
      const lib = await loadNodeLlamaCpp();
      const started = Date.now();
      const llama = await lib.getLlama({
        gpu: this.options.gpu === false ? false : 'auto',
        build: 'never',
        logLevel: lib.LlamaLogLevel.warn,
        logger: (level, message) => {
          const pinoLevel = LOG_LEVELS[level];
          if (pinoLevel) this.options.logger[pinoLevel]({ component: 'llama.cpp' }, message.trim());
        },
      });
      this.options.logger.info(
        { gpu: llama.gpu, cpuMathCores: llama.cpuMathCores, ms: Date.now() - started },
        `llama.cpp ready (${llama.gpu === false ? 'CPU' : llama.gpu})`,
      );
      return { lib, llama };
    })();
    return this.runtime;
  }
}
