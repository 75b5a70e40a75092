import type { ContentBlock, CountTokensRequest, MessageParam, MessagesRequest, TextBlock } from './messages-request.schema';

/** A chat message in OpenAI's wire form, as the translation builds it (the gateway validates the whole body after). */
type ChatMessage = Record<string, unknown> & { role: 'system' | 'user' | 'assistant' | 'tool' };

/** A Messages request as a chat completion body, or why it cannot be one. */
export type ChatTranslation = { ok: true; body: Record<string, unknown> } | { ok: false; message: string; param: string };

/** Most stop sequences a chat completion takes. */
const MAX_STOP_SEQUENCES = 4;

function joinText(blocks: readonly TextBlock[]): string {
  return blocks.map((block) => block.text).join('\n\n');
}

/** Text and images of a user turn, as chat content parts. */
function userParts(blocks: readonly ContentBlock[]): Array<Record<string, unknown>> {
  const parts: Array<Record<string, unknown>> = [];
  for (const block of blocks) {
    if (block.type === 'text') parts.push({ type: 'text', text: block.text });
    else if (block.type === 'image') {
      const url = block.source.type === 'base64' ? `data:${block.source.media_type};base64,${block.source.data}` : block.source.url;
      parts.push({ type: 'image_url', image_url: { url } });
    }
  }
  return parts;
}

/** A tool result's content as the text of a `tool` message (images in a result have no chat equivalent). */
function resultText(content: string | readonly ContentBlock[] | undefined): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return joinText(content.filter((block): block is TextBlock => block.type === 'text'));
}

/** One Messages turn as chat messages: tool results become `tool` messages, ahead of the rest of the user's turn. */
function chatMessages(message: MessageParam): ChatMessage[] {
  if (typeof message.content === 'string') return [{ role: message.role, content: message.content }];
  const blocks = message.content;
  if (message.role === 'assistant') {
    const text = joinText(blocks.filter((block): block is TextBlock => block.type === 'text'));
    const calls = blocks.flatMap((block) =>
      block.type === 'tool_use' ? [{ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input) } }] : [],
    );
    // Thinking blocks have no chat equivalent: only an Anthropic backend could take them back.
    return [calls.length > 0 ? { role: 'assistant', content: text === '' ? null : text, tool_calls: calls } : { role: 'assistant', content: text }];
  }
  const results: ChatMessage[] = blocks.flatMap((block) =>
    block.type === 'tool_result' ? [{ role: 'tool' as const, tool_call_id: block.tool_use_id, content: resultText(block.content) }] : [],
  );
  const parts = userParts(blocks);
  return parts.length > 0 ? [...results, { role: 'user', content: parts }] : results;
}

/** The system prompt and the conversation as chat messages. */
export function promptMessages(request: Pick<CountTokensRequest, 'system' | 'messages'>): ChatMessage[] {
  const system = request.system === undefined ? [] : [{ role: 'system' as const, content: typeof request.system === 'string' ? request.system : joinText(request.system) }];
  return [...system, ...request.messages.flatMap(chatMessages)];
}

/** The tools and tool choice as chat parameters, or the server tool no backend here has. */
function toolParameters(request: MessagesRequest): ChatTranslation {
  const body: Record<string, unknown> = {};
  const hosted = (request.tools ?? []).find((tool) => tool.type !== undefined && tool.type !== 'custom');
  if (hosted) return { ok: false, message: `The tool type '${hosted.type}' ('${hosted.name}') is hosted by Anthropic; no backend of this gateway provides it.`, param: 'tools' };
  if (request.tools && request.tools.length > 0) {
    body['tools'] = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, ...(tool.description !== undefined ? { description: tool.description } : {}), parameters: tool.input_schema ?? { type: 'object' } },
    }));
  }
  const choice = request.tool_choice;
  if (choice) {
    if (choice.type === 'auto') body['tool_choice'] = 'auto';
    else if (choice.type === 'any') body['tool_choice'] = 'required';
    else if (choice.type === 'none') body['tool_choice'] = 'none';
    else body['tool_choice'] = { type: 'function', function: { name: choice.name } };
    if (choice.type !== 'none' && choice.disable_parallel_tool_use === true) body['parallel_tool_calls'] = false;
  }
  return { ok: true, body };
}

/**
 * A Messages request as the chat completion every backend takes: the system prompt first, tool results as
 * `tool` messages, tool uses as `tool_calls`, images as `image_url` parts, `stop_sequences` as `stop`,
 * `tool_choice` any as `required`, `metadata.user_id` as `user`. Thinking blocks and the `thinking` setting have
 * no chat equivalent and are left out; prompt-caching hints have no effect outside Anthropic.
 */
export function messagesToChat(request: MessagesRequest): ChatTranslation {
  const stops = request.stop_sequences ?? [];
  if (stops.length > MAX_STOP_SEQUENCES) {
    return { ok: false, message: `At most ${MAX_STOP_SEQUENCES} stop sequences are supported; got ${stops.length}.`, param: 'stop_sequences' };
  }
  const tools = toolParameters(request);
  if (!tools.ok) return tools;
  const body: Record<string, unknown> = { model: request.model, messages: promptMessages(request), max_tokens: request.max_tokens, ...tools.body };
  if (stops.length > 0) body['stop'] = stops;
  if (request.temperature !== undefined) body['temperature'] = request.temperature;
  if (request.top_p !== undefined) body['top_p'] = request.top_p;
  if (request.top_k !== undefined) body['top_k'] = request.top_k;
  if (request.metadata?.user_id) body['user'] = request.metadata.user_id;
  if (request.stream === true) body['stream'] = true;
  return { ok: true, body };
}
