import type { DeltaPart, StreamPart, ToolCallDelta } from '@switchyard/contracts';
import { choiceChunk, usageChunk, usageOf, type ChatChunkDelta, type ChatCompletionChunk, type ChunkHeader, type ToolCallChunk } from '@switchyard/openai';

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
 * Turns a worker's stream parts into OpenAI `chat.completion.chunk` objects, in OpenAI's order: a role
 * chunk (at the start part, which names the `model` label), content chunks, a finish chunk per choice,
 * and (with `include_usage`) a last chunk with no choices and the usage, every other chunk then carrying
 * `"usage": null`. Error parts are not rendered: the gateway answers errors itself.
 */
export class ChatChunkRenderer {
  private readonly header: ChunkHeader;
  private started = false;

  constructor(
    id: string,
    created: number,
    private readonly includeUsage: boolean,
  ) {
    this.header = { id, created, model: '' };
  }

  /** The JSON of the chunk one part becomes; undefined when it becomes none. */
  render(part: StreamPart): string | undefined {
    const value = this.valueFor(part);
    return value === undefined ? undefined : JSON.stringify(value);
  }

  /** The chunk one part becomes; undefined when none. */
  valueFor(part: StreamPart): ChatCompletionChunk | undefined {
    switch (part.type) {
      case 'start':
        if (this.started) return undefined;
        this.started = true;
        this.header.model = part.model;
        return this.chunk(choiceChunk(this.header, 0, { role: 'assistant', content: '' }));
      case 'delta':
        return this.delta(part);
      case 'embedding':
      case 'error':
        // Not part of a chat stream (an embedding), or answered by the gateway (an error).
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
