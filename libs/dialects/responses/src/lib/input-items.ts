import { randomId } from '@switchyard/openai';
import { FunctionCallItemSchema, FunctionCallOutputItemSchema, MessageItemSchema, type InputContent, type ResponsesRequest } from './responses-request.schema';

/** An item as a stored response keeps it and `input_items` lists it: typed, with an id and a status. */
export type ConversationItem = Record<string, unknown> & { id: string; type: string };

/** The assistant's text as an `output_text` part, as OpenAI returns output. */
function outputText(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [] };
}

/** Message content as parts: a string is one `input_text` part, the assistant's text `output_text` parts. */
function contentParts(content: string | readonly InputContent[], assistant: boolean): unknown[] {
  if (!assistant) return typeof content === 'string' ? [{ type: 'input_text', text: content }] : [...content];
  if (typeof content === 'string') return [outputText(content)];
  return content.map((part) => (part.type === 'input_text' || part.type === 'output_text' ? outputText(part.text) : part));
}

/** One input item as it is kept: OpenAI's item resource, its id the client's or a new one. */
function conversationItem(item: Record<string, unknown>): ConversationItem {
  const type = typeof item['type'] === 'string' ? item['type'] : 'message';
  if (type === 'message') {
    const message = MessageItemSchema.parse(item);
    const assistant = message.role === 'assistant';
    return { id: message.id ?? `msg_${randomId()}`, type, role: message.role, status: 'completed', content: contentParts(message.content, assistant) };
  }
  if (type === 'function_call') {
    const call = FunctionCallItemSchema.parse(item);
    return { id: call.id ?? `fc_${randomId()}`, type, status: 'completed', call_id: call.call_id, name: call.name, arguments: call.arguments };
  }
  if (type === 'function_call_output') {
    const output = FunctionCallOutputItemSchema.parse(item);
    return { id: output.id ?? `fco_${randomId()}`, type, status: 'completed', call_id: output.call_id, output: output.output };
  }
  return { ...item, id: typeof item['id'] === 'string' ? item['id'] : `rs_${randomId()}`, type };
}

/**
 * A request's input as the items a stored response keeps: a string is one user message; messages get their content
 * as parts. Call it on input the translation to chat accepted (it throws on items that translation refuses).
 */
export function conversationItems(input: ResponsesRequest['input']): ConversationItem[] {
  if (typeof input === 'string') return [conversationItem({ role: 'user', content: input })];
  return input.map((item) => conversationItem(item));
}
