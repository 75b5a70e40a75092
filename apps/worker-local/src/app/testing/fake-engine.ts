import type { LlamaGenerationInput } from '@switchyard/providers-llama';
import type { EngineEvent, EngineGpuState, InferenceEngine, LoadedModel, ModelInfo, ModelLoadSpec } from '../engine/inference-engine';

/** How a fake model answers. */
export interface FakeScript {
  /** Prompt size it reports. */
  promptTokens: number;
  /** Context it pretends to have. */
  contextLength: number;
  /** Tokens it generates, one text event each (cut at the request's maxTokens). */
  tokens: string[];
  /** Delay before each token, in ms. */
  tokenDelayMs: number;
  /** Why it stops when it runs out of tokens. */
  stopReason: string;
  /** Throws after this many tokens, when set. */
  failAfter?: number;
}

const DEFAULT_SCRIPT: FakeScript = {
  promptTokens: 7,
  contextLength: 512,
  tokens: ['Once', ' upon', ' a', ' time'],
  tokenDelayMs: 0,
  stopReason: 'eogToken',
};

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A model that replays a script and records what it was asked, for tests without llama.cpp. */
export class FakeModel implements LoadedModel {
  readonly info: ModelInfo;
  /** Inputs of every generation, in order. */
  readonly inputs: LlamaGenerationInput[] = [];
  /** Generations running now. */
  running = 0;

  constructor(
    spec: ModelLoadSpec,
    readonly script: FakeScript,
  ) {
    this.info = { name: spec.name, path: spec.path, contextLength: script.contextLength, concurrency: spec.concurrency, threads: 1, chatWrapper: 'Fake' };
  }

  async *generate(input: LlamaGenerationInput, signal: AbortSignal): AsyncGenerator<EngineEvent> {
    this.inputs.push(input);
    const available = this.script.contextLength - this.script.promptTokens;
    if (available < 1) {
      yield { type: 'context_length_exceeded', promptTokens: this.script.promptTokens, message: 'too long' };
      return;
    }
    const maxTokens = Math.min(input.maxTokens ?? available, available);
    this.running++;
    try {
      yield { type: 'start', promptTokens: this.script.promptTokens, maxTokens };
      let generated = 0;
      for (const token of this.script.tokens) {
        if (generated >= maxTokens) break;
        await sleep(this.script.tokenDelayMs, signal);
        if (signal.aborted) {
          yield { type: 'end', stopReason: 'abort', completionTokens: generated };
          return;
        }
        if (this.script.failAfter === generated) throw new Error('fake engine failure');
        generated++;
        yield { type: 'text', text: token, completionTokens: generated };
      }
      yield { type: 'end', stopReason: generated >= maxTokens ? 'maxTokens' : this.script.stopReason, completionTokens: generated };
    } finally {
      this.running--;
    }
  }

  async dispose(): Promise<void> {
    return undefined;
  }
}

/** An engine whose models are `FakeModel`s; `scripts` sets the script per model name. */
export class FakeEngine implements InferenceEngine {
  readonly models = new Map<string, FakeModel>();
  disposed = false;
  /** What `gpuState` answers; undefined: it runs on the CPU. */
  gpu: EngineGpuState | undefined;

  constructor(private readonly scripts: Record<string, Partial<FakeScript>> = {}) {}

  async loadModel(spec: ModelLoadSpec): Promise<FakeModel> {
    if (spec.path.includes('broken')) throw new Error(`cannot load ${spec.path}`);
    const model = new FakeModel(spec, { ...DEFAULT_SCRIPT, ...this.scripts[spec.name] });
    this.models.set(spec.name, model);
    return model;
  }

  async gpuState(): Promise<EngineGpuState | undefined> {
    return this.gpu;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}
