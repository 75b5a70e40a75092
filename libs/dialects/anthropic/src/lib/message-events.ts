import type { DeltaPart, StreamPart } from '@switchyard/contracts';
import { messageUsage, stopReasonOf } from './message-parts';

/** One rendered stream event: its JSON (`type` first, which names the SSE event) and whether it carries output. */
export interface MessageEvent {
  json: string;
  output: boolean;
}

/** What a content block holds: text, thinking, redacted thinking, or the tool call of that index. */
type BlockKind = 'text' | 'thinking' | 'redacted' | number;

/**
 * Turns a worker's stream parts into Anthropic's stream events, in Anthropic's order: `message_start`, `ping`, per
 * content block `content_block_start`, its deltas (`thinking_delta` and `signature_delta`, `text_delta`,
 * `input_json_delta`) and `content_block_stop`, then `message_delta` (stop reason and usage) and `message_stop`.
 * Thinking (up to its signature), text and each tool call are blocks of their own; a block is closed when the next
 * begins or the choice finishes. Error parts are not rendered: the gateway
 * answers errors itself. Only choice 0 exists (a Messages request has no `n`).
 */
export class MessageEventRenderer {
  private model = '';
  private started = false;
  /** Index of the open block and what it is (`text`, `thinking`, or the tool call's index); a thinking block may be signed. */
  private open: { index: number; kind: BlockKind; signed?: boolean } | undefined;
  private blocks = 0;
  private stopReason = 'end_turn';

  constructor(private readonly id: string) {}

  render(part: StreamPart): MessageEvent[] {
    switch (part.type) {
      case 'start':
        if (this.started) return [];
        this.started = true;
        this.model = part.model;
        return [this.event({ type: 'message_start', message: this.message() }), this.event({ type: 'ping' })];
      case 'delta':
        return this.delta(part);
      case 'finish':
        this.stopReason = stopReasonOf(part.reason);
        return this.close();
      case 'usage':
        return [
          ...this.close(),
          this.event({ type: 'message_delta', delta: { stop_reason: this.stopReason, stop_sequence: null }, usage: messageUsage(part) }),
          this.event({ type: 'message_stop' }),
        ];
      case 'embedding':
      case 'error':
        return [];
    }
  }

  private message(): Record<string, unknown> {
    return {
      id: this.id,
      type: 'message',
      role: 'assistant',
      model: this.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    };
  }

  private delta(part: DeltaPart): MessageEvent[] {
    const events: MessageEvent[] = [];
    if (part.thinking !== undefined && part.thinking !== '') {
      if (this.open?.kind !== 'thinking' || this.open.signed === true) events.push(...this.close(), this.begin('thinking', { type: 'thinking', thinking: '', signature: '' }));
      events.push(this.event({ type: 'content_block_delta', index: this.open?.index, delta: { type: 'thinking_delta', thinking: part.thinking } }, true));
    }
    if (part.signature !== undefined) {
      if (this.open?.kind !== 'thinking' || this.open.signed === true) events.push(...this.close(), this.begin('thinking', { type: 'thinking', thinking: '', signature: '' }));
      events.push(this.event({ type: 'content_block_delta', index: this.open?.index, delta: { type: 'signature_delta', signature: part.signature } }));
      if (this.open) this.open.signed = true;
    }
    if (part.redactedThinking !== undefined) {
      // A block of its own, whole at its start, as Anthropic streams it.
      events.push(...this.close(), this.begin('redacted', { type: 'redacted_thinking', data: part.redactedThinking }), ...this.close());
    }
    const text = part.text + (part.refusal ?? '');
    if (text !== '') {
      if (this.open?.kind !== 'text') events.push(...this.close(), this.begin('text', { type: 'text', text: '' }));
      events.push(this.event({ type: 'content_block_delta', index: this.open?.index, delta: { type: 'text_delta', text } }, true));
    }
    for (const call of part.toolCalls ?? []) {
      if (call.id !== undefined || this.open?.kind !== call.index) {
        events.push(...this.close(), this.begin(call.index, { type: 'tool_use', id: call.id ?? `toolu_${call.index}`, name: call.name ?? '', input: {} }));
      }
      if (call.arguments !== undefined && call.arguments !== '') {
        events.push(this.event({ type: 'content_block_delta', index: this.open?.index, delta: { type: 'input_json_delta', partial_json: call.arguments } }, true));
      }
    }
    return events;
  }

  private begin(kind: BlockKind, block: Record<string, unknown>): MessageEvent {
    this.open = { index: this.blocks++, kind };
    return this.event({ type: 'content_block_start', index: this.open.index, content_block: block });
  }

  private close(): MessageEvent[] {
    if (this.open === undefined) return [];
    const index = this.open.index;
    this.open = undefined;
    return [this.event({ type: 'content_block_stop', index })];
  }

  private event(value: Record<string, unknown> & { type: string }, output = false): MessageEvent {
    return { json: JSON.stringify(value), output };
  }
}
