import type { ErrorPart } from '@switchyard/contracts';
import type { ChatMessage } from '@switchyard/openai';
import type { AnthropicContentBlock, AnthropicMessage, AnthropicTextBlock, AnthropicToolResultBlock } from './anthropic-messages-request';
import { convertImageUrl } from './convert-image-url';
import { parseToolArguments } from './parse-tool-arguments';
import { invalidParameter, unsupportedParameter } from './request-errors';

type UserMessage = Extract<ChatMessage, { role: 'user' }>;
type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;
type ToolMessage = Extract<ChatMessage, { role: 'tool' }>;
type Failure = { ok: false; error: ErrorPart };
type Blocks = { ok: true; blocks: AnthropicContentBlock[] } | Failure;

/** The conversation as Anthropic takes it: top-level system text and alternating turns. */
export type MessagesConversion = { ok: true; system: string | undefined; messages: AnthropicMessage[] } | Failure;

/** Separates the texts of several system/developer messages. */
const SYSTEM_SEPARATOR = '\n\n';
/** Separates the text parts of one system/developer message. */
const PART_SEPARATOR = '\n';

/** A text block, or none for blank text (Anthropic refuses empty and whitespace-only text blocks). */
function textBlocks(text: string): AnthropicTextBlock[] {
  return text.trim() === '' ? [] : [{ type: 'text', text }];
}

function contentText(content: string | readonly { text: string }[]): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join(PART_SEPARATOR);
}

function userBlocks(message: UserMessage, param: string): Blocks {
  if (typeof message.content === 'string') return { ok: true, blocks: textBlocks(message.content) };
  const blocks: AnthropicContentBlock[] = [];
  for (const [index, part] of message.content.entries()) {
    const partParam = `${param}.content[${index}]`;
    switch (part.type) {
      case 'text':
        blocks.push(...textBlocks(part.text));
        break;
      case 'image_url': {
        const image = convertImageUrl(part.image_url.url, partParam);
        if (!image.ok) return image;
        blocks.push(image.block);
        break;
      }
      case 'input_audio':
        return { ok: false, error: unsupportedParameter(partParam, "Anthropic's Messages API does not take audio input") };
      case 'file':
        return { ok: false, error: unsupportedParameter(partParam, "file parts are not supported with Anthropic; send images as 'image_url' parts") };
    }
  }
  return { ok: true, blocks };
}

function assistantBlocks(message: AssistantMessage, param: string): Blocks {
  if (message.function_call) {
    return { ok: false, error: unsupportedParameter(`${param}.function_call`, "the deprecated functions API is not supported; use 'tool_calls'") };
  }
  if (message.audio) return { ok: false, error: unsupportedParameter(`${param}.audio`, 'Anthropic does not take audio') };
  // Thinking first, as Anthropic requires of a turn that began with it.
  const blocks: AnthropicContentBlock[] = [...(message.thinking_blocks ?? [])];
  if (typeof message.content === 'string') blocks.push(...textBlocks(message.content));
  else for (const part of message.content ?? []) blocks.push(...textBlocks(part.type === 'text' ? part.text : part.refusal));
  if (message.refusal) blocks.push(...textBlocks(message.refusal));
  for (const [index, call] of (message.tool_calls ?? []).entries()) {
    const input = parseToolArguments(call.function.arguments, `${param}.tool_calls[${index}].function.arguments`);
    if (!input.ok) return input;
    blocks.push({ type: 'tool_use', id: call.id, name: call.function.name, input: input.input });
  }
  return { ok: true, blocks };
}

function toolResultBlock(message: ToolMessage): AnthropicToolResultBlock {
  const content = typeof message.content === 'string' ? message.content : message.content.flatMap((part) => textBlocks(part.text));
  return { type: 'tool_result', tool_use_id: message.tool_call_id, content };
}

/** Adds blocks to the conversation, merged into the last turn when it has the same role. */
function appendTurn(turns: AnthropicMessage[], role: AnthropicMessage['role'], blocks: AnthropicContentBlock[]): void {
  if (blocks.length === 0) return;
  const last = turns.at(-1);
  if (last?.role === role) last.content.push(...blocks);
  else turns.push({ role, content: [...blocks] });
}

/**
 * OpenAI messages → Anthropic's `system` and `messages`. System and developer texts, wherever they
 * stand, join the top-level `system`. Tool results become `tool_result` blocks of a user turn, and
 * consecutive turns of one role merge so that roles alternate, as Anthropic requires. Blank text is
 * left out (Anthropic refuses it), so a message left with no content adds nothing. Names of
 * participants have no equivalent and are ignored. Parts and messages Anthropic cannot take are
 * refused with their path.
 * Reference: https://docs.anthropic.com/en/api/messages (`system`, `messages`)
 */
export function convertMessages(messages: readonly ChatMessage[]): MessagesConversion {
  const system: string[] = [];
  const turns: AnthropicMessage[] = [];
  for (const [index, message] of messages.entries()) {
    const param = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = contentText(message.content);
        if (text.trim() !== '') system.push(text);
        break;
      }
      case 'user': {
        const blocks = userBlocks(message, param);
        if (!blocks.ok) return blocks;
        appendTurn(turns, 'user', blocks.blocks);
        break;
      }
      case 'assistant': {
        const blocks = assistantBlocks(message, param);
        if (!blocks.ok) return blocks;
        appendTurn(turns, 'assistant', blocks.blocks);
        break;
      }
      case 'tool':
        appendTurn(turns, 'user', [toolResultBlock(message)]);
        break;
      case 'function':
        return { ok: false, error: unsupportedParameter(`${param}.role`, "the deprecated 'function' role is not supported; use 'tool' messages") };
    }
  }
  if (turns.length === 0) {
    return { ok: false, error: invalidParameter('messages', 'Anthropic needs at least one user or assistant message with content') };
  }
  return { ok: true, system: system.length > 0 ? system.join(SYSTEM_SEPARATOR) : undefined, messages: turns };
}
