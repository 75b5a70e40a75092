import { errorPart, type StreamPart, type ToolCallDelta } from '@switchyard/contracts';
import type { StreamConverter } from '@switchyard/providers-core';
import type { SseEvent } from '@switchyard/sse';
import {
  AnthropicRedactedThinkingBlockSchema,
  ANTHROPIC_STREAM_EVENT_TYPES,
  AnthropicEventEnvelopeSchema,
  AnthropicStreamEventSchema,
  AnthropicToolUseBlockSchema,
  type AnthropicDeltaUsage,
  type AnthropicStreamEvent,
  type AnthropicUsage,
} from './anthropic-wire.schema';
import { convertStreamError } from './convert-stream-error';
import { convertUsage } from './convert-usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

/** Text for choice 0 (Anthropic streams one choice). */
function textDelta(text: string): StreamPart[] {
  return text === '' ? [] : [{ type: 'delta', index: 0, text }];
}

/** Thinking text, or the signature that closes a thinking block, for choice 0. */
function thinkingDelta(fields: { thinking?: string; signature?: string; redactedThinking?: string }): StreamPart[] {
  if (fields.thinking === '' || (fields.thinking === undefined && fields.signature === undefined && fields.redactedThinking === undefined)) return [];
  return [{ type: 'delta', index: 0, text: '', ...fields }];
}

function toolDelta(call: ToolCallDelta): StreamPart[] {
  return [{ type: 'delta', index: 0, text: '', toolCalls: [call] }];
}

function malformed(what: string): StreamPart[] {
  return [errorPart('upstream_error', `anthropic sent a malformed stream event: ${what}`, { retryable: true })];
}

/**
 * One streamed Messages API response → stream parts. `message_start` and `message_delta` carry the
 * usage (the latter cumulative) and `message_delta` the stop reason; both are sent as finish and usage
 * parts on `message_stop`. Text deltas pass through; each `tool_use` block becomes one OpenAI tool call
 * (numbered among tool calls only), its `input_json_delta` fragments the call's argument text.
 * Thinking blocks pass as `thinking` deltas and their `signature`, a redacted thinking block as its `data` (for the
 * Messages API; chat drops them). Citations, `ping` and event types added later are ignored. An `error` event,
 * a malformed event or an end before `message_stop` ends the stream with an error part.
 * Reference: https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export class AnthropicStreamConverter implements StreamConverter {
  private finished = false;
  private failed = false;
  private usage: AnthropicUsage = { input_tokens: 0, output_tokens: 0 };
  private stopReason: string | null | undefined;
  /** The tool-call index of each `tool_use` content block, by content block index. */
  private readonly toolIndexByBlock = new Map<number, number>();
  /** Tool calls that received argument text. */
  private readonly toolsWithArguments = new Set<number>();

  get done(): boolean {
    return this.finished;
  }

  push(event: SseEvent): StreamPart[] {
    if (this.finished || this.failed) return [];
    const parts = this.read(event);
    if (parts.some((part) => part.type === 'error')) this.failed = true;
    return parts;
  }

  end(): StreamPart[] {
    if (this.finished || this.failed) return [];
    this.failed = true;
    return [errorPart('upstream_error', 'anthropic: stream ended before message_stop', { retryable: true })];
  }

  private read(event: SseEvent): StreamPart[] {
    let json: unknown;
    try {
      json = JSON.parse(event.data);
    } catch {
      return malformed(`'${event.event}' data is not JSON`);
    }
    const envelope = AnthropicEventEnvelopeSchema.safeParse(json);
    if (!envelope.success) return malformed(`'${event.event}' data has no type`);
    if (!ANTHROPIC_STREAM_EVENT_TYPES.has(envelope.data.type)) return [];
    const parsed = AnthropicStreamEventSchema.safeParse(json);
    if (!parsed.success) return malformed(`'${envelope.data.type}' does not have the documented shape`);
    return this.apply(parsed.data);
  }

  private apply(event: AnthropicStreamEvent): StreamPart[] {
    switch (event.type) {
      case 'message_start':
        this.usage = event.message.usage;
        return [];
      case 'content_block_start':
        return this.startBlock(event.index, event.content_block);
      case 'content_block_delta': {
        const delta = event.delta;
        if (delta.type === 'text_delta' && 'text' in delta) return textDelta(delta.text);
        if (delta.type === 'input_json_delta' && 'partial_json' in delta) return this.toolArguments(event.index, delta.partial_json);
        if (delta.type === 'thinking_delta' && 'thinking' in delta) return thinkingDelta({ thinking: delta.thinking });
        if (delta.type === 'signature_delta' && 'signature' in delta) return thinkingDelta({ signature: delta.signature });
        return [];
      }
      case 'content_block_stop':
        return this.stopBlock(event.index);
      case 'message_delta':
        this.stopReason = event.delta.stop_reason;
        if (event.usage) this.addUsage(event.usage);
        return [];
      case 'message_stop':
        this.finished = true;
        return [{ type: 'finish', index: 0, reason: mapAnthropicStopReason(this.stopReason) }, convertUsage(this.usage)];
      case 'ping':
        return [];
      case 'error':
        return [convertStreamError(event.error)];
    }
  }

  private startBlock(blockIndex: number, block: { type: string }): StreamPart[] {
    if (block.type === 'text' && 'text' in block && typeof block.text === 'string') return textDelta(block.text);
    if (block.type === 'thinking' && 'thinking' in block && typeof block.thinking === 'string') return thinkingDelta({ thinking: block.thinking });
    if (block.type === 'redacted_thinking') {
      const redacted = AnthropicRedactedThinkingBlockSchema.safeParse(block);
      return redacted.success ? thinkingDelta({ redactedThinking: redacted.data.data }) : malformed("a 'redacted_thinking' block without data");
    }
    if (block.type !== 'tool_use') return [];
    const tool = AnthropicToolUseBlockSchema.omit({ input: true }).safeParse(block);
    if (!tool.success) return malformed("a 'tool_use' block without id or name");
    const index = this.toolIndexByBlock.size;
    this.toolIndexByBlock.set(blockIndex, index);
    return toolDelta({ index, id: tool.data.id, name: tool.data.name, arguments: '' });
  }

  private toolArguments(blockIndex: number, fragment: string): StreamPart[] {
    const index = this.toolIndexByBlock.get(blockIndex);
    if (index === undefined || fragment === '') return [];
    this.toolsWithArguments.add(index);
    return toolDelta({ index, arguments: fragment });
  }

  /** A tool call that got no argument text (a tool without parameters) gets `{}`, as OpenAI sends. */
  private stopBlock(blockIndex: number): StreamPart[] {
    const index = this.toolIndexByBlock.get(blockIndex);
    if (index === undefined || this.toolsWithArguments.has(index)) return [];
    this.toolsWithArguments.add(index);
    return toolDelta({ index, arguments: '{}' });
  }

  /** `message_delta` usage is cumulative; fields it leaves out keep their `message_start` value. */
  private addUsage(usage: AnthropicDeltaUsage): void {
    this.usage = {
      input_tokens: usage.input_tokens ?? this.usage.input_tokens,
      output_tokens: usage.output_tokens,
      cache_read_input_tokens: usage.cache_read_input_tokens ?? this.usage.cache_read_input_tokens,
      cache_creation_input_tokens: usage.cache_creation_input_tokens ?? this.usage.cache_creation_input_tokens,
    };
  }
}
