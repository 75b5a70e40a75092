import type { StreamPart } from '@switchyard/contracts';
import {
  choiceChunk,
  sseEvent,
  toHttpError,
  usageChunk,
  usageOf,
  type ChatCompletionChunk,
  type ChunkHeader,
} from '@switchyard/openai';

/**
 * Turns the router's stream parts into OpenAI `chat.completion.chunk` SSE events, in OpenAI's order:
 * a role chunk, content chunks, a finish chunk per choice, and (with `include_usage`) a last chunk
 * with no choices and the usage, every other chunk then carrying `"usage": null`.
 */
export class ChunkEncoder {
  private readonly header: ChunkHeader;
  private started = false;

  constructor(
    id: string,
    created: number,
    requestedModel: string,
    private readonly includeUsage: boolean,
  ) {
    this.header = { id, created, model: requestedModel };
  }

  /** SSE text for one part; empty when the part produces no event. */
  encode(part: StreamPart): string {
    switch (part.type) {
      case 'start':
        if (this.started) return '';
        this.started = true;
        this.header.model = part.model;
        return this.event(choiceChunk(this.header, 0, { role: 'assistant', content: '' }));
      case 'delta':
        return part.text === '' ? '' : this.event(choiceChunk(this.header, part.index, { content: part.text }));
      case 'finish':
        return this.event(choiceChunk(this.header, part.index, {}, part.reason));
      case 'usage':
        return this.includeUsage ? sseEvent(usageChunk(this.header, usageOf(part.promptTokens, part.completionTokens))) : '';
      case 'error':
        return sseEvent(toHttpError(part.code, part.message, part.param).body);
    }
  }

  private event(chunk: ChatCompletionChunk): string {
    if (this.includeUsage) chunk.usage = null;
    return sseEvent(chunk);
  }
}
