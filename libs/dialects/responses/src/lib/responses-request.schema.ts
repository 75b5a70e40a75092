import { z } from 'zod';

/**
 * What a client may send to `POST /v1/responses` (OpenAI's Responses API). Known fields are checked as OpenAI
 * checks them; unknown top-level fields are let through and ignored.
 * Reference: https://platform.openai.com/docs/api-reference/responses/create
 */

const InputTextSchema = z.object({ type: z.literal('input_text'), text: z.string() });
const InputImageSchema = z.object({
  type: z.literal('input_image'),
  image_url: z.string().min(1).nullable().optional(),
  file_id: z.string().nullable().optional(),
  detail: z.enum(['low', 'high', 'auto']).optional(),
});
const OutputTextSchema = z.object({ type: z.literal('output_text'), text: z.string(), annotations: z.array(z.unknown()).optional() });
const RefusalSchema = z.object({ type: z.literal('refusal'), refusal: z.string() });

export const InputContentSchema = z.discriminatedUnion('type', [InputTextSchema, InputImageSchema, OutputTextSchema, RefusalSchema]);

/** A message: `type` may be left out, as the SDKs allow. */
export const MessageItemSchema = z.object({
  type: z.literal('message').optional(),
  id: z.string().optional(),
  status: z.string().optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(InputContentSchema)]),
});

export const FunctionCallItemSchema = z.object({
  type: z.literal('function_call'),
  id: z.string().optional(),
  status: z.string().optional(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});

export const FunctionCallOutputItemSchema = z.object({
  type: z.literal('function_call_output'),
  id: z.string().optional(),
  status: z.string().optional(),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(InputContentSchema)]),
});

/** A reasoning item sent back: its text, and what this gateway put in `encrypted_content` (see `reasoningCarrier`). */
export const ReasoningItemSchema = z.object({
  type: z.literal('reasoning'),
  id: z.string().optional(),
  status: z.string().optional(),
  summary: z.array(z.unknown()).optional(),
  content: z.array(z.object({ type: z.literal('reasoning_text'), text: z.string() })).nullable().optional(),
  encrypted_content: z.string().nullable().optional(),
});

/**
 * An input item as the top-level schema takes it: an object whose `type` (absent for a message) decides which of the
 * schemas above checks it when it is translated, so that an error names the item and its field.
 */
export const InputItemSchema = z.looseObject({ type: z.string().optional() });

/** A function tool, or a tool OpenAI hosts (`type` names it: refused here). */
export const ToolSchema = z.looseObject({
  type: z.string(),
  name: z.string().min(1).optional(),
  description: z.string().nullable().optional(),
  parameters: z.record(z.string(), z.unknown()).nullable().optional(),
  strict: z.boolean().nullable().optional(),
});

export const ToolChoiceSchema = z.union([z.enum(['none', 'auto', 'required']), z.looseObject({ type: z.string(), name: z.string().optional() })]);

export const TextFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    name: z.string().min(1),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().optional(),
    strict: z.boolean().nullable().optional(),
  }),
]);

export const ResponsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(InputItemSchema)]),
  instructions: z.string().nullable().optional(),
  tools: z.array(ToolSchema).optional(),
  tool_choice: ToolChoiceSchema.optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  text: z.looseObject({ format: TextFormatSchema.optional() }).optional(),
  max_output_tokens: z.number().int().min(1).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  store: z.boolean().nullable().optional(),
  previous_response_id: z.string().nullable().optional(),
  reasoning: z.looseObject({ effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullable().optional() }).nullable().optional(),
  user: z.string().optional(),
  stream: z.boolean().nullable().optional(),
});

export type InputContent = z.infer<typeof InputContentSchema>;
export type ResponsesRequest = z.infer<typeof ResponsesRequestSchema>;
