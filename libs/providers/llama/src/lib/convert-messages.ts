import type { ChatMessage } from '@switchyard/openai';
import type { LlamaFunctionCall, LlamaHistoryItem } from './llama-generation-input';
import { invalidParameter, unsupportedParameter, type ParameterProblem, type UnsupportedParameter } from './unsupported-parameter';

/** The outcome of converting messages: a history, or the first part the local model cannot take. */
export type MessagesConversion = { ok: true; history: LlamaHistoryItem[] } | { ok: false; error: ParameterProblem };

type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;

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

/** The tool calls of an assistant message, each with its result from the conversation's `tool` messages. */
function functionCalls(message: AssistantMessage, param: string, results: ReadonlyMap<string, string>): { ok: true; calls: LlamaFunctionCall[] } | { ok: false; error: ParameterProblem } {
  const calls: LlamaFunctionCall[] = [];
  for (const [index, call] of (message.tool_calls ?? []).entries()) {
    let params: unknown;
    try {
      params = call.function.arguments.trim() === '' ? {} : JSON.parse(call.function.arguments);
    } catch {
      return { ok: false, error: invalidParameter(`${param}.tool_calls[${index}].function.arguments`, 'is not JSON') };
    }
    calls.push({ type: 'functionCall', name: call.function.name, params, result: results.get(call.id) ?? null });
  }
  return { ok: true, calls };
}

/** Converts one message; `param` is its path (`messages[2]`); a `tool` message's result joins its call (no item). */
function convertMessage(message: ChatMessage, param: string, results: ReadonlyMap<string, string>): { ok: true; item: LlamaHistoryItem | undefined } | { ok: false; error: ParameterProblem } {
  switch (message.role) {
    case 'system':
    case 'developer':
    case 'user': {
      const content = contentText(message.content, `${param}.content`);
      if (!content.ok) return content;
      return { ok: true, item: { type: message.role === 'user' ? 'user' : 'system', text: content.text } };
    }
    case 'assistant': {
      if (message.function_call) {
        return { ok: false, error: unsupportedParameter(`${param}.function_call`, 'local models do not support function calling') };
      }
      if (message.audio) return { ok: false, error: unsupportedParameter(`${param}.audio`, 'local models do not take audio') };
      const content = contentText(message.content, `${param}.content`);
      if (!content.ok) return content;
      const calls = functionCalls(message, param, results);
      if (!calls.ok) return calls;
      return { ok: true, item: { type: 'model', response: [...(content.text === '' ? [] : [content.text]), ...calls.calls] } };
    }
    case 'tool':
      return { ok: true, item: undefined };
    case 'function':
      return { ok: false, error: unsupportedParameter(`${param}.role`, "local models do not support the deprecated 'function' messages; use 'tool' messages") };
  }
}

/** The text of every `tool` message by its call's id; or the first that answers no call made before it. */
function toolResults(messages: readonly ChatMessage[]): { ok: true; results: Map<string, string> } | { ok: false; error: ParameterProblem } {
  const called = new Set<string>();
  const results = new Map<string, string>();
  for (const [index, message] of messages.entries()) {
    if (message.role === 'assistant') for (const call of message.tool_calls ?? []) called.add(call.id);
    if (message.role !== 'tool') continue;
    if (!called.has(message.tool_call_id)) return { ok: false, error: invalidParameter(`messages[${index}].tool_call_id`, `answers no tool call made before it ('${message.tool_call_id}')`) };
    const content = contentText(message.content, `messages[${index}].content`);
    if (!content.ok) return content;
    results.set(message.tool_call_id, content.text);
  }
  return { ok: true, results };
}

/**
 * Converts OpenAI chat messages to the local model's history: `system` and `developer` become
 * system text, `user` stays user, `assistant` becomes a model response (its text, then its tool calls,
 * each with the result its `tool` message gave); text parts are joined. Image, audio and file parts are
 * refused with the path of the part.
 */
export function convertMessages(messages: readonly ChatMessage[]): MessagesConversion {
  const results = toolResults(messages);
  if (!results.ok) return results;
  const history: LlamaHistoryItem[] = [];
  for (const [index, message] of messages.entries()) {
    const converted = convertMessage(message, `messages[${index}]`, results.results);
    if (!converted.ok) return converted;
    if (converted.item) history.push(converted.item);
  }
  return { ok: true, history };
}
