import { z } from 'zod';

/**
 * What a client may send to `POST /v1/messages` (Anthropic's Messages API). Known fields are checked as
 * Anthropic checks them; unknown top-level fields are let through (newer SDKs add some) and ignored.
 * Reference: https://docs.anthropic.com/en/api/messages
 */

/** A prompt-caching hint; kept for Anthropic backends, without effect elsewhere. */
const CacheControlSchema = z.object({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() });

export const TextBlockSchema = z.object({
  type: z.literal('text'),
  text: z.string(),
  cache_control: CacheControlSchema.nullable().optional(),
  citations: z.array(z.unknown()).nullable().optional(),
});

export const ImageBlockSchema = z.object({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.object({ type: z.literal('base64'), media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']), data: z.string().min(1) }),
    z.object({ type: z.literal('url'), url: z.string().min(1) }),
  ]),
  cache_control: CacheControlSchema.nullable().optional(),
});

export const ToolUseBlockSchema = z.object({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  cache_control: CacheControlSchema.nullable().optional(),
});

export const ToolResultBlockSchema = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [TextBlockSchema, ImageBlockSchema]))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: CacheControlSchema.nullable().optional(),
});

export const ThinkingBlockSchema = z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() });
export const RedactedThinkingBlockSchema = z.object({ type: z.literal('redacted_thinking'), data: z.string() });

export const ContentBlockSchema = z.discriminatedUnion('type', [
  TextBlockSchema,
  ImageBlockSchema,
  ToolUseBlockSchema,
  ToolResultBlockSchema,
  ThinkingBlockSchema,
  RedactedThinkingBlockSchema,
]);

export const MessageParamSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(ContentBlockSchema)]),
});

/** A client tool (`type` absent or `custom`), or a server tool Anthropic hosts (`type` names it: refused here). */
export const ToolSchema = z.object({
  type: z.string().optional(),
  name: z.string().min(1).max(128),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()).optional(),
  cache_control: CacheControlSchema.nullable().optional(),
});

export const ToolChoiceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('tool'), name: z.string().min(1), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('none') }),
]);

export const ThinkingConfigSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('enabled'), budget_tokens: z.number().int().min(1024) }),
  z.object({ type: z.literal('disabled') }),
]);

/** Fields of a Messages request and of a token count alike. */
const promptFields = {
  model: z.string().min(1),
  messages: z.array(MessageParamSchema).min(1),
  system: z.union([z.string(), z.array(TextBlockSchema)]).optional(),
  tools: z.array(ToolSchema).optional(),
  tool_choice: ToolChoiceSchema.optional(),
  thinking: ThinkingConfigSchema.optional(),
};

export const MessagesRequestSchema = z.looseObject({
  ...promptFields,
  max_tokens: z.number().int().min(1),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  metadata: z.object({ user_id: z.string().nullable().optional() }).optional(),
  stream: z.boolean().optional(),
});

/** `POST /v1/messages/count_tokens`: the prompt only. */
export const CountTokensRequestSchema = z.looseObject(promptFields);

export type TextBlock = z.infer<typeof TextBlockSchema>;
export type ContentBlock = z.infer<typeof ContentBlockSchema>;
export type MessageParam = z.infer<typeof MessageParamSchema>;
export type MessagesRequest = z.infer<typeof MessagesRequestSchema>;
export type CountTokensRequest = z.infer<typeof CountTokensRequestSchema>;
