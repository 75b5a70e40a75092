import type { ErrorPart, StreamPart } from '@switchyard/contracts';
import { embeddingToBase64, type EmbeddingList } from '@switchyard/openai';

/** Outcome of an embeddings request: the list, or the error that ended it. */
export type EmbeddingResult = { ok: true; body: EmbeddingList } | { ok: false; error: ErrorPart };

/** Gathers `embedding` parts into OpenAI's embedding list, encoding vectors as base64 when asked. */
export class EmbeddingCollector {
  private readonly vectors = new Map<number, number[]>();
  private model = '';
  private promptTokens = 0;
  private error: ErrorPart | undefined;

  constructor(
    private readonly inputs: number,
    private readonly encoding: 'float' | 'base64',
  ) {}

  add(part: StreamPart): void {
    if (part.type === 'start') this.model = part.model;
    else if (part.type === 'embedding') this.vectors.set(part.index, part.vector);
    else if (part.type === 'usage') this.promptTokens = part.promptTokens;
    else if (part.type === 'error') this.error = part;
  }

  /** The list, one embedding per input in input order; an error when one arrived or a vector is missing. */
  result(): EmbeddingResult {
    if (this.error) return { ok: false, error: this.error };
    const missing = Array.from({ length: this.inputs }, (_, i) => i).filter((i) => !this.vectors.has(i));
    if (missing.length > 0 || this.vectors.size !== this.inputs) {
      return {
        ok: false,
        error: { type: 'error', code: 'upstream_error', message: `The backend returned ${this.vectors.size} embeddings for ${this.inputs} inputs.`, param: null, retryable: false },
      };
    }
    return {
      ok: true,
      body: {
        object: 'list',
        data: [...this.vectors.entries()]
          .sort(([a], [b]) => a - b)
          .map(([index, vector]) => ({ object: 'embedding', index, embedding: this.encoding === 'base64' ? embeddingToBase64(vector) : vector })),
        model: this.model,
        usage: { prompt_tokens: this.promptTokens, total_tokens: this.promptTokens },
      },
    };
  }
}
