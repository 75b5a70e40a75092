import type { DeltaPart, RenderSpec, StreamPart, ToolCallDelta } from '@switchyard/contracts';
import { usageOf, type ChatChunkChoice, type ChatChunkDelta, type ToolCallChunk } from '@switchyard/openai';

/** How a resumed stream goes on (see `RenderSpec`). */
export type ChatContinuation = NonNullable<Extract<RenderSpec, { format: 'chat.completion.chunk' }>['continuation']>;

const NO_PRIOR = { promptTokens: 0, completionTokens: 0 };

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
 * Turns a worker's stream parts into OpenAI `chat.completion.chunk` JSON, in OpenAI's order: a role chunk
 * (at the start part, which names the `model` label), content chunks, a finish chunk per choice, and (with
 * `include_usage`) a last chunk with no choices and the usage, every other chunk then carrying `"usage": null`.
 * The fields every chunk shares (`id`, `object`, `created`, `model`) are rendered once per stream; a chunk
 * adds its choice. Error parts are not rendered: the gateway answers errors itself.
 */
export class ChatChunkRenderer {
  /** `{"id":…,"object":…,"created":…,"model":…,"choices":[`, once the start part has named the model. */
  private head: string | undefined;
  private readonly tail: string;
  /** A continuation whose leading whitespace is still to drop. */
  private trimming: boolean;

  constructor(
    private readonly id: string,
    private readonly created: number,
    private readonly includeUsage: boolean,
    /** A stream that goes on where another backend's broke (see `RenderSpec`). */
    private readonly continuation?: ChatContinuation,
  ) {
    this.tail = includeUsage ? '],"usage":null}' : ']}';
    this.trimming = continuation?.trimLeading === true;
  }

  /** The JSON of the chunk one part becomes; undefined when it becomes none. */
  render(part: StreamPart): string | undefined {
    switch (part.type) {
      case 'start': {
        if (this.head !== undefined) return undefined;
        const model = this.continuation?.model ?? part.model;
        this.head = `{"id":${JSON.stringify(this.id)},"object":"chat.completion.chunk","created":${this.created},"model":${JSON.stringify(model)},"choices":[`;
        // A continuation's client has had its role chunk.
        if (this.continuation !== undefined) return undefined;
        return this.choice({ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null });
      }
      case 'delta':
        return this.delta(this.trimmed(part));
      case 'finish':
        return this.choice({ index: part.index, delta: {}, logprobs: null, finish_reason: part.reason });
      case 'usage': {
        if (!this.includeUsage) return undefined;
        const prior = this.continuation?.prior ?? NO_PRIOR;
        const usage = usageOf(part.promptTokens + prior.promptTokens, part.completionTokens + prior.completionTokens, {
          cachedTokens: part.cachedPromptTokens,
          reasoningTokens: part.reasoningTokens,
        });
        return `${this.head ?? this.headWithout()}],"usage":${JSON.stringify(usage)}}`;
      }
      case 'embedding':
      case 'error':
        // Not part of a chat stream (an embedding), or answered by the gateway (an error).
        return undefined;
    }
  }

  /** The delta with a continuation's leading whitespace dropped, until its first other character. */
  private trimmed(part: DeltaPart): DeltaPart {
    if (!this.trimming || part.text === '') return part;
    const text = part.text.trimStart();
    if (text !== '') this.trimming = false;
    return { ...part, text };
  }

  /** Text, tool-call fragments, refusal and logprobs of one delta in one chunk; nothing when it is empty. */
  private delta(part: DeltaPart): string | undefined {
    const delta: ChatChunkDelta = {};
    if (part.text !== '') delta.content = part.text;
    if (part.refusal !== undefined) delta.refusal = part.refusal;
    if (part.toolCalls && part.toolCalls.length > 0) delta.tool_calls = part.toolCalls.map(toToolCallChunk);
    const logprobs = part.logprobs ? { content: part.logprobs, refusal: null } : null;
    if (delta.content === undefined && delta.refusal === undefined && delta.tool_calls === undefined && logprobs === null) return undefined;
    return this.choice({ index: part.index, delta, logprobs, finish_reason: null });
  }

  private choice(choice: ChatChunkChoice): string {
    return `${this.head ?? this.headWithout()}${JSON.stringify(choice)}${this.tail}`;
  }

  /** The head of a stream whose start part never came (the model label is then empty). */
  private headWithout(): string {
    return `{"id":${JSON.stringify(this.id)},"object":"chat.completion.chunk","created":${this.created},"model":"","choices":[`;
  }
}
