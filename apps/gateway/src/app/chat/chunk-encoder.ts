import type { DeltaPart, StreamPart, ToolCallDelta } from '@switchyard/contracts';
import {
  choiceChunk,
  sseEvent,
  toHttpError,
  usageChunk,
  usageOf,
  type ChatChunkDelta,
  type ChatCompletionChunk,
  type ChunkHeader,
  type OpenAIErrorBody,
  type ToolCallChunk,
} from '@switchyard/openai';

/** A tool-call fragment as OpenAI streams it: id, type and name on the first fragment only. */
function toToolCallChunk(call: ToolCallDelta): ToolCallChunk {
  const chunk: ToolCallChunk = { index: call.index };
  if (call.id !== undefined) {
    chunk.id = call.id;
    chunk.type = 'function';
  }
  const fn: { name?: string; arguments?: string } = {};
  if (call.name !== undefined) fn.name = call.name;
  if (call.arguments !== undefined) fn.arguments = call.arguments;
  if (call.id !== undefined || Object.keys(fn).length > 0) chunk.function = { arguments: '', ...fn };
  return chunk;
}

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
    const value = this.valueFor(part);
    return value === undefined ? '' : sseEvent(value);
  }

  /** The object one part becomes (a chunk, or an error body for an error part); undefined when none. */
  valueFor(part: StreamPart): ChatCompletionChunk | OpenAIErrorBody | undefined {
    switch (part.type) {
      case 'start':
        if (this.started) return undefined;
        this.started = true;
        this.header.model = part.model;
        return this.chunk(choiceChunk(this.header, 0, { role: 'assistant', content: '' }));
      case 'delta':
        return this.delta(part);
      case 'embedding':
        // Not part of a chat stream; nothing to send.
        return undefined;
      case 'finish':
        return this.chunk(choiceChunk(this.header, part.index, {}, part.reason));
      case 'usage':
        return this.includeUsage
          ? usageChunk(
              this.header,
              usageOf(part.promptTokens, part.completionTokens, { cachedTokens: part.cachedPromptTokens, reasoningTokens: part.reasoningTokens }),
            )
          : undefined;
      case 'error':
        return toHttpError(part.code, part.message, part.param).body;
    }
  }

  /** Text, tool-call fragments, refusal and logprobs of one delta in one chunk; nothing when it is empty. */
  private delta(part: DeltaPart): ChatCompletionChunk | undefined {
    const delta: ChatChunkDelta = {};
    if (part.text !== '') delta.content = part.text;
    if (part.refusal !== undefined) delta.refusal = part.refusal;
    if (part.toolCalls && part.toolCalls.length > 0) delta.tool_calls = part.toolCalls.map(toToolCallChunk);
    const logprobs = part.logprobs ? { content: part.logprobs, refusal: null } : null;
    if (Object.keys(delta).length === 0 && logprobs === null) return undefined;
    return this.chunk(choiceChunk(this.header, part.index, delta, null, logprobs));
  }

  private chunk(chunk: ChatCompletionChunk): ChatCompletionChunk {
    if (this.includeUsage) chunk.usage = null;
    return chunk;
  }
}
