import { gatheredInOrder, gatherToolCall, unfinishedAnswer, type ErrorPart, type GatheredToolCall, type StreamPart, type UsagePart } from '@switchyard/contracts';
import { messageUsage, stopReasonOf, toolInput } from './message-parts';

/**
 * Gathers a worker's parts into one Anthropic `message` (choice 0): the thinking blocks with their signatures (and
 * redacted ones with their data), a text
 * block, then the tool calls as `tool_use` blocks.
 */
export class MessageAccumulator {
  private model = '';
  private started = false;
  private text = '';
  private readonly calls = new Map<number, GatheredToolCall>();
  /** Thinking blocks in order; a redacted one is its data. */
  private readonly thinking: Array<{ thinking: string; signature: string | undefined } | { redacted: string }> = [];
  private stopReason: string | undefined;
  private usage: UsagePart | undefined;
  private error: ErrorPart | undefined;

  constructor(private readonly id: string) {}

  add(part: StreamPart): void {
    switch (part.type) {
      case 'start':
        this.started = true;
        this.model = part.model;
        return;
      case 'delta':
        if (part.index !== 0) return;
        this.addThinking(part.thinking, part.signature);
        if (part.redactedThinking !== undefined) this.thinking.push({ redacted: part.redactedThinking });
        this.text += part.text + (part.refusal ?? '');
        for (const fragment of part.toolCalls ?? []) gatherToolCall(this.calls, fragment);
        return;
      case 'finish':
        if (part.index === 0) this.stopReason = stopReasonOf(part.reason);
        return;
      case 'usage':
        this.usage = part;
        return;
      case 'error':
        this.error = part;
        return;
      case 'embedding':
        return;
    }
  }

  /** Thinking text goes to the last block until a signature closes it; a signature closes the last block. */
  private addThinking(thinking: string | undefined, signature: string | undefined): void {
    if (thinking !== undefined && thinking !== '') {
      const last = this.thinking.at(-1);
      if (last && 'thinking' in last && last.signature === undefined) last.thinking += thinking;
      else this.thinking.push({ thinking, signature: undefined });
    }
    if (signature !== undefined) {
      const last = this.thinking.at(-1);
      if (last && 'thinking' in last && last.signature === undefined) last.signature = signature;
      else this.thinking.push({ thinking: '', signature });
    }
  }

  /** The message; an error when one arrived or the answer ended before it finished. */
  result(): { ok: true; body: object } | { ok: false; error: ErrorPart } {
    if (this.error) return { ok: false, error: this.error };
    if (!this.started || this.stopReason === undefined) return { ok: false, error: unfinishedAnswer() };
    const content: Array<Record<string, unknown>> = this.thinking.map((block) =>
      'redacted' in block ? { type: 'redacted_thinking', data: block.redacted } : { type: 'thinking', thinking: block.thinking, signature: block.signature ?? '' },
    );
    if (this.text !== '') content.push({ type: 'text', text: this.text });
    for (const call of gatheredInOrder(this.calls)) {
      content.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments) });
    }
    return {
      ok: true,
      body: { id: this.id, type: 'message', role: 'assistant', model: this.model, content, stop_reason: this.stopReason, stop_sequence: null, usage: messageUsage(this.usage) },
    };
  }
}
