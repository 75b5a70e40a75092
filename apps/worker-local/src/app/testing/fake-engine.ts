import type { TokenLogprob } from '@switchyard/openai';
import type { LlamaCompletionOptions, LlamaGenerationInput, LlamaPrompt } from '@switchyard/providers-llama';
import type {
  EmbeddingOutcome,
  EngineEvent,
  EngineGpuState,
  InferenceEngine,
  LoadedModel,
  ModelInfo,
  ModelLoadSpec,
} from '../engine/inference-engine';

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
  /** Vocabulary and embedding sizes, and whether it has infill tokens. */
  vocabularySize: number;
  embeddingSize: number;
  infill: boolean;
}

const DEFAULT_SCRIPT: FakeScript = {
  promptTokens: 7,
  contextLength: 512,
  tokens: ['Once', ' upon', ' a', ' time'],
  tokenDelayMs: 0,
  stopReason: 'eogToken',
  vocabularySize: 1000,
  embeddingSize: 4,
  infill: false,
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

/** The fake log probability of every token of a generation with this seed: seeds rank candidates. */
export function fakeLogprob(seed: number | undefined): number {
  return -0.1 * (1 + ((seed ?? 0) % 5));
}

function fakeEntry(text: string, logprob: number, top: number): TokenLogprob {
  const bytes = [...Buffer.from(text)];
  return { token: text, logprob, bytes, top_logprobs: Array.from({ length: top }, (_, i) => ({ token: `${text}#${i}`, logprob: logprob - i, bytes })) };
}

/** A model that replays a script and records what it was asked, for tests without llama.cpp. */
export class FakeModel implements LoadedModel {
  readonly info: ModelInfo;
  /** Inputs of every chat generation, in order. */
  readonly inputs: LlamaGenerationInput[] = [];
  /** Prompts and options of every text completion, in order. */
  readonly completions: { prompt: LlamaPrompt; options: LlamaCompletionOptions }[] = [];
  /** Inputs of every embeddings call. */
  readonly embedded: (readonly LlamaPrompt[])[] = [];
  /** Generations running now. */
  running = 0;

  constructor(
    spec: ModelLoadSpec,
    readonly script: FakeScript,
  ) {
    const { contextLength, vocabularySize, embeddingSize, infill } = script;
    this.info = { name: spec.name, path: spec.path, contextLength, concurrency: spec.concurrency, threads: 1, chatWrapper: 'Fake', vocabularySize, embeddingSize, infill };
  }

  generate(input: LlamaGenerationInput, signal: AbortSignal): AsyncGenerator<EngineEvent> {
    this.inputs.push(input);
    return this.replay({ maxTokens: input.maxTokens, logprobs: input.logprobs, seed: input.seed, param: 'messages', echo: undefined }, signal);
  }

  complete(prompt: LlamaPrompt, options: LlamaCompletionOptions, signal: AbortSignal): AsyncGenerator<EngineEvent> {
    this.completions.push({ prompt, options });
    const echo = options.echo ? (typeof prompt === 'string' ? prompt : prompt.join(' ')) : undefined;
    return this.replay({ maxTokens: options.maxTokens, logprobs: options.logprobs, seed: options.seed, param: 'prompt', echo }, signal);
  }

  /** Unit vectors that depend on each input's text only; `promptTokens` is one per word (or id) plus one. */
  async embed(inputs: readonly LlamaPrompt[], signal: AbortSignal): Promise<EmbeddingOutcome> {
    this.embedded.push(inputs);
    const tokens = inputs.map((input) => (typeof input === 'string' ? input.split(/\s+/).length : input.length) + 1);
    const tooLong = tokens.findIndex((count) => count >= this.script.contextLength);
    if (tooLong !== -1) return { type: 'refused', index: tooLong, message: 'too long' };
    if (signal.aborted) return { type: 'aborted' };
    const vectors = inputs.map((input) => {
      const text = typeof input === 'string' ? input : input.join(' ');
      const raw = Array.from({ length: this.script.embeddingSize }, (_, i) => [...text].reduce((sum, ch) => sum + ((ch.codePointAt(0) ?? 0) % (i + 3)), 1));
      const norm = Math.hypot(...raw);
      return raw.map((value) => value / norm);
    });
    return { type: 'embedded', vectors, promptTokens: tokens.reduce((a, b) => a + b, 0) };
  }

  async dispose(): Promise<void> {
    return undefined;
  }

  private async *replay(
    ask: { maxTokens: number | undefined; logprobs: number | undefined; seed: number | undefined; param: 'messages' | 'prompt'; echo: string | undefined },
    signal: AbortSignal,
  ): AsyncGenerator<EngineEvent> {
    const available = this.script.contextLength - this.script.promptTokens;
    if (available < 1) {
      yield { type: 'refused', code: 'context_length_exceeded', param: ask.param, message: 'too long' };
      return;
    }
    const maxTokens = Math.min(ask.maxTokens ?? available, available);
    const logprob = fakeLogprob(ask.seed);
    const score = (tokens: number): { score?: { logprobSum: number; tokens: number } } => (ask.logprobs === undefined ? {} : { score: { logprobSum: logprob * tokens, tokens } });
    this.running++;
    try {
      yield { type: 'start', promptTokens: this.script.promptTokens, maxTokens };
      if (ask.echo !== undefined) yield { type: 'echo', text: ask.echo };
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
        const logprobs = ask.logprobs === undefined ? {} : { logprobs: [fakeEntry(token, logprob, ask.logprobs)] };
        yield { type: 'text', text: token, completionTokens: generated, ...logprobs };
      }
      yield { type: 'end', stopReason: generated >= maxTokens ? 'maxTokens' : this.script.stopReason, completionTokens: generated, ...score(generated) };
    } finally {
      this.running--;
    }
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
