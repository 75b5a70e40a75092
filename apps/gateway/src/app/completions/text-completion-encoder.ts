import type { DeltaPart, StreamPart } from '@switchyard/contracts';
import { sseEvent, toHttpError, usageOf, type CompletionFinishReason, type CompletionLogprobs, type TextCompletion } from '@switchyard/openai';
import type { PartEncoder } from '../inference/sse-response';
import { appendLegacyLogprobs, emptyLegacyLogprobs } from './legacy-logprobs';

/**
 * Turns stream parts into OpenAI `text_completion` SSE chunks: one per text fragment, one with the
 * finish reason per choice, and (with `include_usage`) a last chunk with no choices and the usage,
 * every other chunk then carrying `"usage": null`.
 */
export class TextCompletionEncoder implements PartEncoder {
  private model: string;
  /** Where the next token starts in each choice's text (for `text_offset`). */
  private readonly offsets = new Map<number, number>();

  constructor(
    private readonly id: string,
    private readonly created: number,
    requestedModel: string,
    private readonly includeUsage: boolean,
  ) {
    this.model = requestedModel;
  }

  encode(part: StreamPart): string {
    switch (part.type) {
      case 'start':
        this.model = part.model;
        return '';
      case 'delta':
        return this.delta(part);
      case 'finish':
        return this.chunk(part.index, '', null, part.reason as CompletionFinishReason);
      case 'usage': {
        if (!this.includeUsage) return '';
        const chunk: TextCompletion = { ...this.header(), choices: [], usage: usageOf(part.promptTokens, part.completionTokens) };
        return sseEvent(chunk);
      }
      case 'error':
        return sseEvent(toHttpError(part.code, part.message, part.param).body);
      case 'embedding':
        return '';
    }
  }

  private delta(part: DeltaPart): string {
    const offset = this.offsets.get(part.index) ?? 0;
    let logprobs: CompletionLogprobs | null = null;
    if (part.logprobs) {
      logprobs = emptyLegacyLogprobs();
      appendLegacyLogprobs(logprobs, part.logprobs, offset);
    }
    this.offsets.set(part.index, offset + part.text.length);
    if (part.text === '' && logprobs === null) return '';
    return this.chunk(part.index, part.text, logprobs, null);
  }

  private chunk(index: number, text: string, logprobs: CompletionLogprobs | null, finish: CompletionFinishReason | null): string {
    const chunk: TextCompletion = { ...this.header(), choices: [{ index, text, logprobs, finish_reason: finish }] };
    if (this.includeUsage) chunk.usage = null;
    return sseEvent(chunk);
  }

  private header(): Pick<TextCompletion, 'id' | 'object' | 'created' | 'model'> {
    return { id: this.id, object: 'text_completion', created: this.created, model: this.model };
  }
}
