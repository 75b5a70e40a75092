import { z } from 'zod';
import { ChatMessageSchema } from './chat-message.schema';
import { optionalParam } from './optional-param';
import { SamplingExtensionsShape } from './sampling-extensions';

const FunctionDefinitionSchema = z
  .object({
    name: z.string().min(1).max(64),
    description: optionalParam(z.string()),
    parameters: optionalParam(z.record(z.string(), z.unknown())),
    strict: optionalParam(z.boolean()),
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
          description: optionalParam(z.string()),
          schema: optionalParam(z.record(z.string(), z.unknown())),
          strict: optionalParam(z.boolean()),
        })
        .strict(),
    })
    .strict(),
]);

/** `stop`: one sequence or up to four. */
export const StopSchema = z.union([z.string(), z.array(z.string()).min(1).max(4)]);

/** `stream_options`: only meaningful with `stream: true`. */
export const StreamOptionsSchema = z
  .object({ include_usage: optionalParam(z.boolean()), include_obfuscation: optionalParam(z.boolean()) })
  .strict();

/**
 * OpenAI's `CreateChatCompletionRequest`. Every documented parameter is known here so that a
 * request using one is never rejected as unknown; which of them a backend honours is the
 * backend's decision, and one it cannot honour is refused by name, never dropped silently.
 * Parameters outside the spec are refused (as OpenAI does), except the sampling parameters of local
 * engines (`SamplingExtensionsShape`). A null optional parameter means "not set" (`optionalParam`).
 */
export const ChatCompletionRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(ChatMessageSchema).min(1),
    stream: optionalParam(z.boolean()),
    stream_options: optionalParam(StreamOptionsSchema),
    max_tokens: optionalParam(z.number().int().min(1)),
    max_completion_tokens: optionalParam(z.number().int().min(1)),
    temperature: optionalParam(z.number().min(0).max(2)),
    top_p: optionalParam(z.number().min(0).max(1)),
    n: optionalParam(z.number().int().min(1).max(128)),
    stop: optionalParam(StopSchema),
    seed: optionalParam(z.number().int()),
    presence_penalty: optionalParam(z.number().min(-2).max(2)),
    frequency_penalty: optionalParam(z.number().min(-2).max(2)),
    logit_bias: optionalParam(z.record(z.string(), z.number().min(-100).max(100))),
    logprobs: optionalParam(z.boolean()),
    top_logprobs: optionalParam(z.number().int().min(0).max(20)),
    response_format: optionalParam(ResponseFormatSchema),
    tools: optionalParam(z.array(ToolSchema)),
    tool_choice: optionalParam(ToolChoiceSchema),
    parallel_tool_calls: optionalParam(z.boolean()),
    functions: optionalParam(z.array(FunctionDefinitionSchema).min(1).max(128)),
    function_call: optionalParam(z.union([z.enum(['none', 'auto']), z.object({ name: z.string() }).strict()])),
    user: optionalParam(z.string()),
    safety_identifier: optionalParam(z.string()),
    prompt_cache_key: optionalParam(z.string()),
    prompt_cache_retention: optionalParam(z.enum(['in-memory', '24h'])),
    prompt_cache_options: optionalParam(z.record(z.string(), z.unknown())),
    metadata: optionalParam(z.record(z.string(), z.string())),
    store: optionalParam(z.boolean()),
    service_tier: optionalParam(z.enum(['auto', 'default', 'flex', 'scale', 'priority'])),
    modalities: optionalParam(z.array(z.enum(['text', 'audio']))),
    audio: optionalParam(z.record(z.string(), z.unknown())),
    prediction: optionalParam(z.record(z.string(), z.unknown())),
    reasoning_effort: optionalParam(z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'])),
    verbosity: optionalParam(z.enum(['low', 'medium', 'high'])),
    web_search_options: optionalParam(z.record(z.string(), z.unknown())),
    moderation: optionalParam(z.record(z.string(), z.unknown())),
    ...SamplingExtensionsShape,
  })
  .strict();

export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequestSchema>;
