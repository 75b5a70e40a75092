import { z } from 'zod';
import { ChatMessageSchema } from './chat-message.schema';
import { SamplingExtensionsShape } from './sampling-extensions';

const FunctionDefinitionSchema = z
  .object({
    name: z.string().min(1).max(64),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().optional(),
  })
  .strict();

const ToolSchema = z.union([
  z.object({ type: z.literal('function'), function: FunctionDefinitionSchema }).strict(),
  z.object({ type: z.literal('custom'), custom: z.record(z.string(), z.unknown()) }).strict(),
]);

const ToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string() }).strict() }).strict(),
  z.object({ type: z.literal('allowed_tools'), allowed_tools: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ type: z.literal('custom'), custom: z.object({ name: z.string() }).strict() }).strict(),
]);

const ResponseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }).strict(),
  z.object({ type: z.literal('json_object') }).strict(),
  z
    .object({
      type: z.literal('json_schema'),
      json_schema: z
        .object({
          name: z.string().min(1).max(64),
          description: z.string().optional(),
          schema: z.record(z.string(), z.unknown()).optional(),
          strict: z.boolean().optional(),
        })
        .strict(),
    })
    .strict(),
]);

/** `stop`: one sequence or up to four. */
export const StopSchema = z.union([z.string(), z.array(z.string()).min(1).max(4)]);

/** `stream_options`: only meaningful with `stream: true`. */
export const StreamOptionsSchema = z
  .object({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() })
  .strict();

/**
 * OpenAI's `CreateChatCompletionRequest`. Every documented parameter is known here so that a
 * request using one is never rejected as unknown; which of them a backend honours is the
 * backend's decision, and one it cannot honour is refused by name, never dropped silently.
 * Parameters outside the spec are refused (as OpenAI does), except the sampling parameters of local
 * engines (`SamplingExtensionsShape`). A null optional parameter means "not set" (`validate`, `withoutOptionalNulls`).
 */
export const ChatCompletionRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(ChatMessageSchema).min(1),
    stream: z.boolean().optional(),
    stream_options: StreamOptionsSchema.optional(),
    max_tokens: z.number().int().min(1).optional(),
    max_completion_tokens: z.number().int().min(1).optional(),
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().min(0).max(1).optional(),
    n: z.number().int().min(1).max(128).optional(),
    stop: StopSchema.optional(),
    seed: z.number().int().optional(),
    presence_penalty: z.number().min(-2).max(2).optional(),
    frequency_penalty: z.number().min(-2).max(2).optional(),
    logit_bias: z.record(z.string(), z.number().min(-100).max(100)).optional(),
    logprobs: z.boolean().optional(),
    top_logprobs: z.number().int().min(0).max(20).optional(),
    response_format: ResponseFormatSchema.optional(),
    tools: z.array(ToolSchema).optional(),
    tool_choice: ToolChoiceSchema.optional(),
    parallel_tool_calls: z.boolean().optional(),
    functions: z.array(FunctionDefinitionSchema).min(1).max(128).optional(),
    function_call: z.union([z.enum(['none', 'auto']), z.object({ name: z.string() }).strict()]).optional(),
    user: z.string().optional(),
    safety_identifier: z.string().optional(),
    prompt_cache_key: z.string().optional(),
    prompt_cache_retention: z.enum(['in-memory', '24h']).optional(),
    prompt_cache_options: z.record(z.string(), z.unknown()).optional(),
    metadata: z.record(z.string(), z.string()).optional(),
    store: z.boolean().optional(),
    service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).optional(),
    modalities: z.array(z.enum(['text', 'audio'])).optional(),
    audio: z.record(z.string(), z.unknown()).optional(),
    prediction: z.record(z.string(), z.unknown()).optional(),
    reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).optional(),
    verbosity: z.enum(['low', 'medium', 'high']).optional(),
    web_search_options: z.record(z.string(), z.unknown()).optional(),
    moderation: z.record(z.string(), z.unknown()).optional(),
    /**
     * Not OpenAI's: the answer goes on from the text of the last message, an assistant's, instead of starting a new
     * one (vLLM's name; Anthropic calls it prefill). Switchyard resumes a broken stream on another backend with it.
     */
    continue_final_message: z.boolean().optional(),
    ...SamplingExtensionsShape,
  })
  .strict()
  .superRefine((request, ctx) => {
    if (request.continue_final_message !== true) return;
    const last = request.messages[request.messages.length - 1];
    const continuable = last?.role === 'assistant' && (last.tool_calls?.length ?? 0) === 0 && last.function_call == null && finalText(last.content) !== undefined;
    if (!continuable) {
      ctx.addIssue({ code: 'custom', path: ['continue_final_message'], message: 'needs the last message to be an assistant message with text and no tool calls' });
    }
    if ((request.n ?? 1) > 1) ctx.addIssue({ code: 'custom', path: ['continue_final_message'], message: 'cannot be used with n greater than 1' });
  });

/** The text of an assistant message's content (a string, or text and refusal parts), or undefined when it has none. */
export function finalText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const texts = content.flatMap((part: { type?: string; text?: string }) => (part.type === 'text' && typeof part.text === 'string' ? [part.text] : []));
  return texts.length > 0 ? texts.join('') : undefined;
}

export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequestSchema>;
