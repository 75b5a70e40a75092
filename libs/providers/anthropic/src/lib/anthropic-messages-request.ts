/**
 * The request body of Anthropic's Messages API (`POST /v1/messages`), as far as Switchyard fills it.
 * Reference: https://docs.anthropic.com/en/api/messages
 */

/** Image types the Messages API accepts. */
export const ANTHROPIC_IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;

/** One of the image types the Messages API accepts. */
export type AnthropicImageMediaType = (typeof ANTHROPIC_IMAGE_MEDIA_TYPES)[number];

/** A text block. Anthropic refuses empty or whitespace-only ones. */
export type AnthropicTextBlock = { type: 'text'; text: string };

/** An image block: inline base64 data or a URL Anthropic fetches. */
export type AnthropicImageBlock = {
  type: 'image';
  source: { type: 'base64'; media_type: AnthropicImageMediaType; data: string } | { type: 'url'; url: string };
};

/** A tool call the assistant made earlier (OpenAI's `tool_calls` entry). */
export type AnthropicToolUseBlock = { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** A tool's answer, sent in a user turn (OpenAI's `tool` message). */
export type AnthropicToolResultBlock = { type: 'tool_result'; tool_use_id: string; content: string | AnthropicTextBlock[] };

/** Reasoning an assistant turn began with, sent back as it came: a signed thinking block, or a redacted one. */
export type AnthropicThinkingBlock = { type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string };

/** Any content block Switchyard sends. */
export type AnthropicContentBlock = AnthropicTextBlock | AnthropicImageBlock | AnthropicToolUseBlock | AnthropicToolResultBlock | AnthropicThinkingBlock;

/** One turn; roles alternate. */
export type AnthropicMessage = { role: 'user' | 'assistant'; content: AnthropicContentBlock[] };

/** A client tool the model may call. */
export type AnthropicTool = { name: string; description?: string; input_schema: Record<string, unknown> };

/** How the model may use tools. `none` takes no `disable_parallel_tool_use`. */
export type AnthropicToolChoice =
  | { type: 'auto' | 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** The body of `POST /v1/messages`. A type alias (not an interface) so it is a `Record<string, unknown>`. */
export type AnthropicMessagesRequest = {
  model: string;
  messages: AnthropicMessage[];
  /** Required by Anthropic. */
  max_tokens: number;
  system?: string;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  /** Sample only from the k most likely tokens. */
  top_k?: number;
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  metadata?: { user_id: string };
  /** Extended thinking, with the tokens it may use (fewer than `max_tokens`). */
  thinking?: { type: 'enabled'; budget_tokens: number };
  stream?: true;
};
