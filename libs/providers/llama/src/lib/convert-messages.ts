import type { ChatMessage } from '@switchyard/openai';
import type { LlamaHistoryItem } from './llama-generation-input';
import { unsupportedParameter, type UnsupportedParameter } from './unsupported-parameter';

/** The outcome of converting messages: a history, or the first part the local model cannot take. */
export type MessagesConversion = { ok: true; history: LlamaHistoryItem[] } | { ok: false; error: UnsupportedParameter };

/** A content part of any message role. */
type ContentPart = Exclude<Extract<ChatMessage, { role: 'user' }>['content'] | Extract<ChatMessage, { role: 'assistant' }>['content'], string | null | undefined>[number];

/** Text parts of a message are joined with a line break, as separate paragraphs. */
const PART_SEPARATOR = '\n';

/** Joins the text of `content`, or names the first part that is not text. */
function contentText(
  content: string | ContentPart[] | null | undefined,
  param: string,
): { ok: true; text: string } | { ok: false; error: UnsupportedParameter } {
  if (content === null || content === undefined) return { ok: true, text: '' };
  if (typeof content === 'string') return { ok: true, text: content };
  const texts: string[] = [];
  for (const [index, part] of content.entries()) {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'refusal') texts.push(part.refusal);
    else return { ok: false, error: unsupportedParameter(`${param}[${index}]`, `local models accept text only, not '${part.type}' parts`) };
  }
  return { ok: true, text: texts.join(PART_SEPARATOR) };
}

/** Converts one message; `param` is its path (`messages[2]`). */
function convertMessage(message: ChatMessage, param: string): { ok: true; item: LlamaHistoryItem } | { ok: false; error: UnsupportedParameter } {
  switch (message.role) {
    case 'system':
    case 'developer':
    case 'user': {
      const content = contentText(message.content, `${param}.content`);
      if (!content.ok) return content;
      return { ok: true, item: { type: message.role === 'user' ? 'user' : 'system', text: content.text } };
    }
    case 'assistant': {
      if (message.tool_calls !== undefined && message.tool_calls.length > 0) {
        return { ok: false, error: unsupportedParameter(`${param}.tool_calls`, 'local models do not support tool calling') };
      }
      if (message.function_call) {
        return { ok: false, error: unsupportedParameter(`${param}.function_call`, 'local models do not support function calling') };
      }
      if (message.audio) return { ok: false, error: unsupportedParameter(`${param}.audio`, 'local models do not take audio') };
      const content = contentText(message.content, `${param}.content`);
      if (!content.ok) return content;
      return { ok: true, item: { type: 'model', response: content.text === '' ? [] : [content.text] } };
    }
    case 'tool':
    case 'function':
      return { ok: false, error: unsupportedParameter(`${param}.role`, `local models do not support '${message.role}' messages (tool calling)`) };
  }
}

/**
 * Converts OpenAI chat messages to the local model's history: `system` and `developer` become
 * system text, `user` stays user, `assistant` becomes a model response; text parts are joined.
 * Image, audio and file parts, tool calls and tool results are refused with the path of the part.
 */
export function convertMessages(messages: readonly ChatMessage[]): MessagesConversion {
  const history: LlamaHistoryItem[] = [];
  for (const [index, message] of messages.entries()) {
    const converted = convertMessage(message, `messages[${index}]`);
    if (!converted.ok) return converted;
    history.push(converted.item);
  }
  return { ok: true, history };
}
