import { errorPart, type StreamPart, type ToolCallDelta } from '@switchyard/contracts';
import { AnthropicMessageSchema, AnthropicRedactedThinkingBlockSchema, AnthropicTextBlockSchema, AnthropicThinkingBlockSchema, AnthropicToolUseBlockSchema } from './anthropic-wire.schema';
import { convertUsage } from './convert-usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

/** The answer when the body is not a Message; another backend may well answer properly. */
function malformed(what: string): StreamPart[] {
  return [errorPart('upstream_error', `anthropic sent a malformed response: ${what}`, { retryable: true })];
}

/**
 * A non-streamed Messages API response → a delta per thinking block (its text and signature) and per redacted
 * thinking block (its data), for the Messages API (chat drops them); one delta (the text blocks concatenated, the
 * tool_use blocks as tool calls in order), a finish and a usage part. Server-tool blocks are skipped.
 * Reference: https://docs.anthropic.com/en/api/messages (response body)
 */
export function convertMessagesResponse(json: unknown): StreamPart[] {
  const message = AnthropicMessageSchema.safeParse(json);
  if (!message.success) return malformed('not a Message object');
  let text = '';
  const toolCalls: ToolCallDelta[] = [];
  const thinking: StreamPart[] = [];
  for (const [index, block] of message.data.content.entries()) {
    if (block.type === 'thinking') {
      const parsed = AnthropicThinkingBlockSchema.safeParse(block);
      if (!parsed.success) return malformed(`content[${index}] is not a thinking block`);
      thinking.push({ type: 'delta', index: 0, text: '', thinking: parsed.data.thinking, signature: parsed.data.signature });
    } else if (block.type === 'redacted_thinking') {
      const parsed = AnthropicRedactedThinkingBlockSchema.safeParse(block);
      if (!parsed.success) return malformed(`content[${index}] is not a redacted_thinking block`);
      thinking.push({ type: 'delta', index: 0, text: '', redactedThinking: parsed.data.data });
    } else if (block.type === 'text') {
      const parsed = AnthropicTextBlockSchema.safeParse(block);
      if (!parsed.success) return malformed(`content[${index}] is not a text block`);
      text += parsed.data.text;
    } else if (block.type === 'tool_use') {
      const parsed = AnthropicToolUseBlockSchema.safeParse(block);
      if (!parsed.success) return malformed(`content[${index}] is not a tool_use block`);
      toolCalls.push({ index: toolCalls.length, id: parsed.data.id, name: parsed.data.name, arguments: JSON.stringify(parsed.data.input) });
    }
  }
  return [
    ...thinking,
    { type: 'delta', index: 0, text, ...(toolCalls.length > 0 ? { toolCalls } : {}) },
    { type: 'finish', index: 0, reason: mapAnthropicStopReason(message.data.stop_reason) },
    convertUsage(message.data.usage),
  ];
}
