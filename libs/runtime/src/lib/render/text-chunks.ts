import type { DeltaPart, StreamPart } from '@switchyard/contracts';
import { usageOf, type CompletionFinishReason, type CompletionLogprobs, type TextCompletion } from '@switchyard/openai';
import { appendLegacyLogprobs, emptyLegacyLogprobs } from './legacy-logprobs';

/**
 * Turns a worker's stream parts into OpenAI `text_completion` chunks (as JSON): one per text fragment,
 * one with the finish reason per choice, and (with `include_usage`) a last chunk with no choices and the
 * usage, every other chunk then carrying `"usage": null`. Error parts are not rendered.
 */
export class TextChunkRenderer {
  private model = '';
  /** Where the next token starts in each choice's text (for `text_offset`). */
  private readonly offsets = new Map<number, number>();

  constructor(
    private readonly id: string,
    private readonly created: number,
    private readonly includeUsage: boolean,
  ) {}

  /** The JSON of the chunk one part becomes; undefined when it becomes none. */
  render(part: StreamPart): string | undefined {
    switch (part.type) {
      case 'start':
        this.model = part.model;
        return undefined;
      case 'delta':
        return this.delta(part);
      case 'finish':
        return this.chunk(part.index, '', null, part.reason as CompletionFinishReason);
      case 'usage': {
        if (!this.includeUsage) return undefined;
        const chunk: TextCompletion = { ...this.header(), choices: [], usage: usageOf(part.promptTokens, part.completionTokens) };
        return JSON.stringify(chunk);
      }
      case 'error':
      case 'embedding':
        return undefined;
    }
  }

  private delta(part: DeltaPart): string | undefined {
    const offset = this.offsets.get(part.index) ?? 0;
    let logprobs: CompletionLogprobs | null = null;
    if (part.logprobs) {
      logprobs = emptyLegacyLogprobs();
      appendLegacyLogprobs(logprobs, part.logprobs, offset);
    }
    this.offsets.set(part.index, offset + part.text.length);
    if (part.text === '' && logprobs === null) return undefined;
    return this.chunk(part.index, part.text, logprobs, null);
  }

  private chunk(index: number, text: string, logprobs: CompletionLogprobs | null, finish: CompletionFinishReason | null): string {
    const chunk: TextCompletion = { ...this.header(), choices: [{ index, text, logprobs, finish_reason: finish }] };
    if (this.includeUsage) chunk.usage = null;
    return JSON.stringify(chunk);
  }

  private header(): Pick<TextCompletion, 'id' | 'object' | 'created' | 'model'> {
    return { id: this.id, object: 'text_completion', created: this.created, model: this.model };
  }
}
