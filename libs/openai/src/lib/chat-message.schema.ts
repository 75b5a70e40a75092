import { z } from 'zod';

/** A text part of a message's content. */
export const TextPartSchema = z.object({ type: z.literal('text'), text: z.string() }).strict();

/** An image part: a URL or a `data:` URL, with an optional detail level. */
export const ImagePartSchema = z
  .object({
    type: z.literal('image_url'),
    image_url: z
      .object({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() })
      .strict(),
  })
  .strict();

/** An audio part, base64 encoded. */
export const AudioPartSchema = z
  .object({
    type: z.literal('input_audio'),
    input_audio: z.object({ data: z.string(), format: z.enum(['wav', 'mp3']) }).strict(),
  })
  .strict();

/** A file part, by id or inline. */
export const FilePartSchema = z
  .object({
    type: z.literal('file'),
    file: z
      .object({ file_data: z.string().optional(), file_id: z.string().optional(), filename: z.string().optional() })
      .strict(),
  })
  .strict();

/** A refusal part (assistant messages only). */
export const RefusalPartSchema = z.object({ type: z.literal('refusal'), refusal: z.string() }).strict();

const UserPartSchema = z.discriminatedUnion('type', [TextPartSchema, ImagePartSchema, AudioPartSchema, FilePartSchema]);
const AssistantPartSchema = z.discriminatedUnion('type', [TextPartSchema, RefusalPartSchema]);

/** A tool call the assistant made earlier in the conversation. */
export const ToolCallSchema = z
  .object({
    id: z.string(),
    type: z.literal('function'),
    function: z.object({ name: z.string(), arguments: z.string() }).strict(),
  })
  .strict();

const SystemMessageSchema = z
  .object({
    role: z.literal('system'),
    content: z.union([z.string(), z.array(TextPartSchema).min(1)]),
    name: z.string().optional(),
  })
  .strict();

const DeveloperMessageSchema = z
  .object({
    role: z.literal('developer'),
    content: z.union([z.string(), z.array(TextPartSchema).min(1)]),
    name: z.string().optional(),
  })
  .strict();

const UserMessageSchema = z
  .object({
    role: z.literal('user'),
    content: z.union([z.string(), z.array(UserPartSchema).min(1)]),
    name: z.string().optional(),
  })
  .strict();

/**
 * Reasoning an assistant turn began with, to send back as it came (Switchyard's extension, as LiteLLM names it):
 * Anthropic's thinking blocks with their signatures, and redacted ones. An Anthropic backend needs them to continue a
 * turn that used tools with thinking on; other backends leave them out.
 */
export const ThinkingBlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() }).strict(),
  z.object({ type: z.literal('redacted_thinking'), data: z.string() }).strict(),
]);

const AssistantMessageSchema = z
  .object({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(AssistantPartSchema)]).optional(),
    refusal: z.string().optional(),
    name: z.string().optional(),
    tool_calls: z.array(ToolCallSchema).optional(),
    function_call: z.object({ name: z.string(), arguments: z.string() }).strict().optional(),
    audio: z.object({ id: z.string() }).strict().optional(),
    thinking_blocks: z.array(ThinkingBlockSchema).optional(),
  })
  .strict();

const ToolMessageSchema = z
  .object({
    role: z.literal('tool'),
    content: z.union([z.string(), z.array(TextPartSchema).min(1)]),
    tool_call_id: z.string(),
  })
  .strict();

const FunctionMessageSchema = z
  .object({ role: z.literal('function'), content: z.string().nullable(), name: z.string() })
  .strict();

/** One message of a chat conversation, as OpenAI's `ChatCompletionRequestMessage`. */
export const ChatMessageSchema = z.discriminatedUnion('role', [
  SystemMessageSchema,
  DeveloperMessageSchema,
  UserMessageSchema,
  AssistantMessageSchema,
  ToolMessageSchema,
  FunctionMessageSchema,
]);

export type ChatMessage = z.infer<typeof ChatMessageSchema>;
export type ChatRole = ChatMessage['role'];

export type ThinkingBlock = z.infer<typeof ThinkingBlockSchema>;
