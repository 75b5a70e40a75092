import type { ErrorPart } from '@switchyard/contracts';
import { asksFor, type ChatCompletionRequest } from '@switchyard/openai';
import type { AnthropicMessagesRequest } from './anthropic-messages-request';
import { classifyParameters } from './classify-parameters';
import { convertMessages } from './convert-messages';
import { convertReasoning } from './convert-reasoning';
import { convertTools } from './convert-tools';

/** Anthropic requires `max_tokens`; used when the request sets no maximum. */
export const DEFAULT_MAX_TOKENS = 4096;

/** A Messages API body with the parameters dropped on the way, or why the request cannot be sent. */
export type MessagesRequestBuild = { ok: true; body: AnthropicMessagesRequest; dropped: string[] } | { ok: false; error: ErrorPart };

/** `stop` as Anthropic's `stop_sequences`; empty strings would match nothing useful and are left out. */
function stopSequences(stop: ChatCompletionRequest['stop']): string[] {
  if (stop === undefined) return [];
  return (typeof stop === 'string' ? [stop] : stop).filter((s) => s !== '');
}

/**
 * A validated OpenAI chat request → the body of `POST /v1/messages` for `model`. Top-level parameters
 * are reviewed first (refused or dropped, see `classifyParameters`), then messages, then tools; the
 * first refusal wins. `user` (or `safety_identifier`, OpenAI's newer name for the same end-user id)
 * becomes `metadata.user_id`; a `top_k` that asks for something (above 0) becomes Anthropic's `top_k`;
 * `reasoning_effort` becomes extended thinking (`convertReasoning`).
 * Reference: https://docs.anthropic.com/en/api/messages
 */
export function buildMessagesRequest(
  request: ChatCompletionRequest,
  model: string,
  stream: boolean,
  defaultMaxTokens: number = DEFAULT_MAX_TOKENS,
): MessagesRequestBuild {
  const review = classifyParameters(request);
  if (!review.ok) return review;
  const messages = convertMessages(request.messages);
  if (!messages.ok) return messages;
  const tools = convertTools(request);
  if (!tools.ok) return tools;

  const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? defaultMaxTokens;
  const reasoning = convertReasoning(request, maxTokens);
  if (!reasoning.ok) return reasoning;

  const dropped = [...review.dropped, ...tools.dropped, ...reasoning.dropped];
  const userId = request.safety_identifier ?? request.user;
  if (request.safety_identifier !== undefined && request.user !== undefined && request.user !== request.safety_identifier) dropped.push('user');
  const stop = stopSequences(request.stop);

  const body: AnthropicMessagesRequest = {
    model,
    max_tokens: maxTokens,
    ...(messages.system === undefined ? {} : { system: messages.system }),
    messages: messages.messages,
    ...(stop.length > 0 ? { stop_sequences: stop } : {}),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.top_p === undefined ? {} : { top_p: request.top_p }),
    ...(asksFor('top_k', request.top_k) ? { top_k: request.top_k } : {}),
    ...(tools.tools === undefined ? {} : { tools: tools.tools }),
    ...(tools.toolChoice === undefined ? {} : { tool_choice: tools.toolChoice }),
    ...(userId === undefined ? {} : { metadata: { user_id: userId } }),
    ...(reasoning.thinking === undefined ? {} : { thinking: reasoning.thinking }),
    ...(stream ? { stream: true as const } : {}),
  };
  return { ok: true, body, dropped };
}
