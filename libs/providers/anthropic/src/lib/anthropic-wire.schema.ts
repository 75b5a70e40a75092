import { z } from 'zod';

/**
 * What Anthropic's Messages API sends back, as far as Switchyard reads it. Objects are not strict:
 * Anthropic adds fields (and block and event types) without a new API version.
 * References: https://docs.anthropic.com/en/api/messages, https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */

const tokens = z.number().int().min(0);

/** Token counts. `input_tokens` excludes the tokens read from or written to the prompt cache. */
export const AnthropicUsageSchema = z.object({
  input_tokens: tokens,
  output_tokens: tokens,
  cache_read_input_tokens: tokens.nullish(),
  cache_creation_input_tokens: tokens.nullish(),
});

/** Usage in `message_delta`: cumulative counts, of which only `output_tokens` is always present. */
export const AnthropicDeltaUsageSchema = AnthropicUsageSchema.partial().required({ output_tokens: true });

/** A content block of any type; text and tool_use are read with the schemas below, others ignored. */
export const AnthropicAnyBlockSchema = z.object({ type: z.string() });
export const AnthropicTextBlockSchema = z.object({ type: z.literal('text'), text: z.string() });
export const AnthropicToolUseBlockSchema = z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.record(z.string(), z.unknown()) });

/** A non-streamed response (`Message`). */
export const AnthropicMessageSchema = z.object({
  type: z.literal('message'),
  content: z.array(AnthropicAnyBlockSchema.loose()),
  stop_reason: z.string().nullish(),
  usage: AnthropicUsageSchema,
});

/** The `error` object of an error body or an `error` stream event. */
export const AnthropicErrorObjectSchema = z.object({ type: z.string(), message: z.string() });

/** An error response body, also the data of an `error` stream event. */
export const AnthropicErrorBodySchema = z.object({ type: z.literal('error'), error: AnthropicErrorObjectSchema });

/** Any stream event: its type decides whether it is read (unknown types are ignored). */
export const AnthropicEventEnvelopeSchema = z.object({ type: z.string() });

/** The content block deltas read; any other kind is let through and ignored. */
const KNOWN_DELTAS: ReadonlySet<string> = new Set(['text_delta', 'input_json_delta', 'thinking_delta', 'signature_delta']);

/** A thinking block of a response: its text and its signature. */
export const AnthropicThinkingBlockSchema = z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() });

/** A redacted thinking block: encrypted reasoning, to be sent back as it came. */
export const AnthropicRedactedThinkingBlockSchema = z.object({ type: z.literal('redacted_thinking'), data: z.string() });

/** The stream events Switchyard knows; see `ANTHROPIC_STREAM_EVENT_TYPES`. */
export const AnthropicStreamEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message_start'), message: z.object({ usage: AnthropicUsageSchema }) }),
  z.object({ type: z.literal('content_block_start'), index: z.number().int().min(0), content_block: AnthropicAnyBlockSchema.loose() }),
  z.object({
    type: z.literal('content_block_delta'),
    index: z.number().int().min(0),
    delta: z.union([
      z.object({ type: z.literal('text_delta'), text: z.string() }),
      z.object({ type: z.literal('input_json_delta'), partial_json: z.string() }),
      z.object({ type: z.literal('thinking_delta'), thinking: z.string() }),
      z.object({ type: z.literal('signature_delta'), signature: z.string() }),
      // citations_delta, and any later kind: nothing to read.
      z.object({ type: z.string().refine((type) => !KNOWN_DELTAS.has(type)) }),
    ]),
  }),
  z.object({ type: z.literal('content_block_stop'), index: z.number().int().min(0) }),
  z.object({ type: z.literal('message_delta'), delta: z.object({ stop_reason: z.string().nullish() }), usage: AnthropicDeltaUsageSchema.nullish() }),
  z.object({ type: z.literal('message_stop') }),
  z.object({ type: z.literal('ping') }),
  AnthropicErrorBodySchema,
]);

/** The event types of `AnthropicStreamEventSchema`; others are ignored (Anthropic may add some). */
export const ANTHROPIC_STREAM_EVENT_TYPES: ReadonlySet<string> = new Set(AnthropicStreamEventSchema.options.map((option) => option.shape.type.value));

export type AnthropicUsage = z.infer<typeof AnthropicUsageSchema>;
export type AnthropicDeltaUsage = z.infer<typeof AnthropicDeltaUsageSchema>;
export type AnthropicMessage = z.infer<typeof AnthropicMessageSchema>;
export type AnthropicStreamEvent = z.infer<typeof AnthropicStreamEventSchema>;
