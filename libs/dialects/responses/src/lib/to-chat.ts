import { describeZodError } from '@switchyard/openai';
import type { z } from 'zod';
import { readReasoningCarrier } from './reasoning-carrier';
import {
  FunctionCallItemSchema,
  FunctionCallOutputItemSchema,
  MessageItemSchema,
  ReasoningItemSchema,
  type InputContent,
  type ResponsesRequest,
} from './responses-request.schema';

/** A chat message in OpenAI's wire form, as the translation builds it (the gateway validates the whole body after). */
type ChatMessage = Record<string, unknown> & { role: string };

/** A Responses request as a chat completion body, or why it cannot be one (with the parameter at fault). */
export type ChatTranslation = { ok: true; body: Record<string, unknown> } | { ok: false; message: string; param: string };

class Refusal extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
  }
}

function parseItem<T>(schema: z.ZodType<T>, item: unknown, at: string): T {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const problem = describeZodError(parsed.error);
  throw new Refusal(`${at}: ${problem.message}`, problem.param ? `${at}.${problem.param}` : at);
}

/** Content parts as chat content: text and images (an image by `file_id` has no equivalent here). */
function chatContent(content: string | readonly InputContent[], at: string): string | Array<Record<string, unknown>> {
  if (typeof content === 'string') return content;
  return content.map((part, i) => {
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        return { type: 'text', text: part.text };
      case 'refusal':
        return { type: 'text', text: part.refusal };
      case 'input_image':
        if (!part.image_url) throw new Refusal(`${at}.content[${i}]: images by file_id are not available here; send image_url.`, `${at}.content[${i}]`);
        return { type: 'image_url', image_url: { url: part.image_url, ...(part.detail ? { detail: part.detail } : {}) } };
    }
  });
}

/** Text of content sent back as a tool's output. */
function outputText(output: string | readonly InputContent[]): string {
  if (typeof output === 'string') return output;
  return output.map((part) => (part.type === 'refusal' ? part.refusal : 'text' in part ? part.text : '')).join('');
}

/** A reasoning item as the thinking block it carries; undefined when it carries none this gateway wrote. */
function thinkingBlock(item: unknown, at: string): Record<string, unknown> | undefined {
  const reasoning = parseItem(ReasoningItemSchema, item, at);
  const carried = readReasoningCarrier(reasoning.encrypted_content);
  if (!carried) return undefined;
  if ('redacted' in carried) return { type: 'redacted_thinking', data: carried.redacted };
  return { type: 'thinking', thinking: (reasoning.content ?? []).map((part) => part.text).join(''), signature: carried.signature };
}

/**
 * The input items as chat messages: function calls join the assistant turn before them, their outputs are `tool`
 * messages; reasoning items this gateway rendered become the `thinking_blocks` of the assistant turn they precede.
 */
function inputMessages(input: ResponsesRequest['input']): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  const messages: ChatMessage[] = [];
  let thinking: Array<Record<string, unknown>> = [];
  /** The assistant turn to add to: the last message when it is one and nothing else came since, else a new one. */
  const assistantTurn = (joinLast: boolean): ChatMessage => {
    const last = messages.at(-1);
    const turn: ChatMessage = joinLast && last?.role === 'assistant' ? last : { role: 'assistant', content: null };
    if (turn !== last) messages.push(turn);
    if (thinking.length > 0) turn['thinking_blocks'] = [...((turn['thinking_blocks'] as unknown[] | undefined) ?? []), ...thinking];
    thinking = [];
    return turn;
  };
  input.forEach((item, i) => {
    const at = `input[${i}]`;
    const type = item.type ?? 'message';
    if (type === 'message') {
      const message = parseItem(MessageItemSchema, item, at);
      const content = chatContent(message.content, at);
      if (message.role === 'assistant') assistantTurn(false)['content'] = typeof content === 'string' ? content : content.map((p) => p['text']).join('');
      else {
        // Reasoning belongs to the assistant turn right after it; with none, it has nothing to go with.
        thinking = [];
        messages.push({ role: message.role, content });
      }
    } else if (type === 'function_call') {
      const call = parseItem(FunctionCallItemSchema, item, at);
      const toolCall = { id: call.call_id, type: 'function', function: { name: call.name, arguments: call.arguments } };
      const turn = assistantTurn(true);
      turn['tool_calls'] = [...((turn['tool_calls'] as unknown[] | undefined) ?? []), toolCall];
    } else if (type === 'reasoning') {
      const block = thinkingBlock(item, at);
      if (block) thinking.push(block);
    } else if (type === 'function_call_output') {
      const output = parseItem(FunctionCallOutputItemSchema, item, at);
      thinking = [];
      messages.push({ role: 'tool', tool_call_id: output.call_id, content: outputText(output.output) });
    } else {
      throw new Refusal(`${at}: input items of type '${type}' are not available here (no hosted tools, no item references).`, `${at}.type`);
    }
  });
  return messages;
}

/** Function tools as chat tools; a tool OpenAI hosts is refused by name. */
function chatTools(request: ResponsesRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const tools = request.tools ?? [];
  tools.forEach((tool, i) => {
    if (tool.type !== 'function') throw new Refusal(`The tool type '${tool.type}' is hosted by OpenAI; no backend of this gateway provides it.`, `tools[${i}].type`);
    if (!tool.name) throw new Refusal(`tools[${i}]: a function tool needs a name.`, `tools[${i}].name`);
  });
  if (tools.length > 0) {
    body['tools'] = tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        parameters: tool.parameters ?? { type: 'object', properties: {} },
        ...(tool.strict !== undefined && tool.strict !== null ? { strict: tool.strict } : {}),
      },
    }));
  }
  const choice = request.tool_choice;
  if (typeof choice === 'string') body['tool_choice'] = choice;
  else if (choice) {
    if (choice.type !== 'function' || !choice.name) throw new Refusal(`The tool choice '${choice.type}' is not available here.`, 'tool_choice');
    body['tool_choice'] = { type: 'function', function: { name: choice.name } };
  }
  if (request.parallel_tool_calls !== undefined && request.parallel_tool_calls !== null) body['parallel_tool_calls'] = request.parallel_tool_calls;
  return body;
}

/** `text.format` as `response_format`. */
function responseFormat(request: ResponsesRequest): Record<string, unknown> {
  const format = request.text?.format;
  if (!format || format.type === 'text') return {};
  if (format.type === 'json_object') return { response_format: { type: 'json_object' } };
  const schema = { name: format.name, schema: format.schema, ...(format.description !== undefined ? { description: format.description } : {}), ...(format.strict != null ? { strict: format.strict } : {}) };
  return { response_format: { type: 'json_schema', json_schema: schema } };
}

/**
 * A Responses request as the chat completion every backend takes: `instructions` as a first system message, message
 * items as messages (`input_text` as text, `input_image` as `image_url`), `function_call` items as the assistant's
 * `tool_calls`, `function_call_output` items as `tool` messages, reasoning items left out, function tools as tools,
 * `text.format` as `response_format`, `max_output_tokens` as `max_tokens`, `reasoning.effort` as `reasoning_effort`.
 */
export function responsesToChat(request: ResponsesRequest): ChatTranslation {
  try {
    const system = request.instructions ? [{ role: 'system', content: request.instructions }] : [];
    const body: Record<string, unknown> = { model: request.model, messages: [...system, ...inputMessages(request.input)], ...chatTools(request), ...responseFormat(request) };
    if (request.max_output_tokens) body['max_tokens'] = request.max_output_tokens;
    if (request.temperature !== undefined && request.temperature !== null) body['temperature'] = request.temperature;
    if (request.top_p !== undefined && request.top_p !== null) body['top_p'] = request.top_p;
    if (request.user !== undefined) body['user'] = request.user;
    if (request.metadata) body['metadata'] = request.metadata;
    if (request.reasoning?.effort) body['reasoning_effort'] = request.reasoning.effort;
    if (request.stream === true) body['stream'] = true;
    return { ok: true, body };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message, param: error.param };
    throw error;
  }
}
