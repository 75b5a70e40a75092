import type { LlamaEmbeddingContext, LlamaModel, Token } from 'node-llama-cpp';
import type { LlamaPrompt } from '@switchyard/providers-llama';
import type { EmbeddingOutcome } from './inference-engine';

/** A vector scaled to length 1 (as OpenAI's embeddings are); a zero vector stays as it is. */
export function l2Normalize(vector: readonly number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return norm > 0 ? vector.map((value) => value / norm) : [...vector];
}

/**
 * Embeddings for one model, on a llama.cpp embedding context of its own. The context holds a second
 * KV cache and compute buffers of `contextSize` tokens, so it is created on the first embeddings
 * request (not at load: chat-only deployments never pay for it) and then kept for the model's life.
 * Its one sequence embeds inputs one after the other.
 */
export class LlamaEmbedder {
  private context: Promise<LlamaEmbeddingContext> | undefined;

  constructor(
    private readonly model: LlamaModel,
    private readonly options: { contextSize: number; threads: number },
  ) {}

  /** Embeds each input, after checking that every one fits; stops between inputs when `signal` aborts. */
  async embed(inputs: readonly LlamaPrompt[], signal: AbortSignal): Promise<EmbeddingOutcome> {
    const context = await this.start();
    const lengths = inputs.map((input) => context.calculateInputLength(asInput(input)));
    const tooLong = lengths.findIndex((length) => length >= this.options.contextSize);
    if (tooLong !== -1) {
      return {
        type: 'refused',
        index: tooLong,
        message: `This model's maximum context length is ${this.options.contextSize} tokens, but input ${tooLong} takes ${lengths[tooLong]} tokens. Shorten the input.`,
      };
    }
    const vectors: number[][] = [];
    for (const input of inputs) {
      if (signal.aborted) return { type: 'aborted' };
      const embedding = await context.getEmbeddingFor(asInput(input));
      vectors.push(l2Normalize(embedding.vector));
    }
    return { type: 'embedded', vectors, promptTokens: lengths.reduce((sum, length) => sum + length, 0) };
  }

  async dispose(): Promise<void> {
    const context = await this.context?.catch(() => undefined);
    await context?.dispose();
  }

  private start(): Promise<LlamaEmbeddingContext> {
    if (this.context === undefined) {
      const { contextSize, threads } = this.options;
      // The whole input is evaluated in one batch: pooled embeddings need every token in it.
      this.context = this.model.createEmbeddingContext({ contextSize, batchSize: contextSize, threads });
      this.context.catch(() => (this.context = undefined));
    }
    return this.context;
  }
}

/** Token-id inputs are the model's own token ids (checked against its vocabulary by the worker). */
function asInput(input: LlamaPrompt): string | Token[] {
  return typeof input === 'string' ? input : (input as Token[]);
}
