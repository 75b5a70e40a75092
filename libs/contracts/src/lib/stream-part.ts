import { z } from 'zod';
import { ERROR_CODE_NAMES, FINISH_REASONS, TokenLogprobSchema } from '@switchyard/openai';
import { RouteSchema } from './route';

/** The work was accepted and has begun; comes first, exactly once. */
export const StartPartSchema = z.object({
  type: z.literal('start'),
  /** The backend that runs it, `<provider>:<model>` (`local:stories260k`). */
  backend: z.string(),
  /** The `model` string clients see (`auto (selected: local:stories260k)`); set by the router. */
  model: z.string(),
  /** The worker that runs it. */
  workerId: z.string(),
  /** The upstream's `system_fingerprint`, passed through when it sends one. */
  systemFingerprint: z.string().optional(),
  /** How the router got here (policy, failed attempts, skips); set by the router. */
  route: RouteSchema.optional(),
});

/** A fragment of one tool call, as OpenAI streams them: the first fragment has id and name, later ones add arguments. */
export const ToolCallDeltaSchema = z.object({
  /** Position of the call among the choice's tool calls. */
  index: z.number().int().min(0),
  /** Call id (first fragment only). */
  id: z.string().optional(),
  /** Function name (first fragment only). */
  name: z.string().optional(),
  /** A piece of the JSON arguments text, to append. */
  arguments: z.string().optional(),
});

/** Generated output for one choice: text, tool-call fragments, a refusal, log probabilities. */
export const DeltaPartSchema = z.object({
  type: z.literal('delta'),
  /** Choice index (0 unless `n` > 1). */
  index: z.number().int().min(0),
  /** Text to append to the choice's content (may be empty when the delta carries only tool calls). */
  text: z.string(),
  /** Tool-call fragments. */
  toolCalls: z.array(ToolCallDeltaSchema).optional(),
  /** Refusal text to append. */
  refusal: z.string().optional(),
  /** Log probabilities of the tokens in this delta, when requested and available. */
  logprobs: z.array(TokenLogprobSchema).optional(),
  /**
   * Reasoning the backend shows (Anthropic's thinking), to append to the current thinking block. Only the Messages API
   * renders it; a chat completion has no field for it.
   */
  thinking: z.string().optional(),
  /** The signature that closes the current thinking block (Anthropic's), passed on unchanged: a later turn sends it back. */
  signature: z.string().optional(),
  /** A redacted thinking block's encrypted `data` (Anthropic's), a block of its own, passed on unchanged like a signature. */
  redactedThinking: z.string().optional(),
});

/** A choice has finished. */
export const FinishPartSchema = z.object({
  type: z.literal('finish'),
  /** Choice index. */
  index: z.number().int().min(0),
  /** Why it stopped, in OpenAI's vocabulary. */
  reason: z.enum(FINISH_REASONS),
});

/** Token counts from the backend's own tokenizer; sent once, after the last finish. */
export const UsagePartSchema = z.object({
  type: z.literal('usage'),
  /** Tokens in the prompt as the model saw it (template included). */
  promptTokens: z.number().int().min(0),
  /** Tokens generated. */
  completionTokens: z.number().int().min(0),
  /** Prompt tokens read from the provider's cache, when it reports them. */
  cachedPromptTokens: z.number().int().min(0).optional(),
  /** Prompt tokens written to the provider's cache (Anthropic's cache creation), when reported. */
  cacheWritePromptTokens: z.number().int().min(0).optional(),
  /** Completion tokens spent on reasoning, when reported. */
  reasoningTokens: z.number().int().min(0).optional(),
  /** The worker's own time on the request, receipt to this part, in ms (for the gateway's overhead metric). */
  workerMs: z.number().min(0).optional(),
  /** The worker's time from receipt to its first generated text (the first delta), in ms; for the router's latency figures. */
  firstTokenMs: z.number().min(0).optional(),
  /** Of `firstTokenMs`, the time the request waited for a free slot at the worker, in ms (local models queue). */
  queuedMs: z.number().min(0).optional(),
});

/** One embedding vector (embeddings requests): one part per input, then `usage`. */
export const EmbeddingPartSchema = z.object({
  type: z.literal('embedding'),
  /** Position of the input it embeds. */
  index: z.number().int().min(0),
  /** The vector, as floats (the gateway encodes base64 when asked). */
  vector: z.array(z.number()),
});

/** The work failed. Terminal: nothing follows it. */
export const ErrorPartSchema = z.object({
  type: z.literal('error'),
  /** One of Switchyard's error codes (see `@switchyard/openai` ERROR_CODES). */
  code: z.enum(ERROR_CODE_NAMES),
  /** What went wrong, for the client; never contains secrets. */
  message: z.string(),
  /** The request parameter at fault, when there is one. */
  param: z.string().nullable(),
  /** True when another backend could succeed (busy, unreachable, timed out before output). */
  retryable: z.boolean(),
  /** What the router tried before giving up; set by the router. */
  route: RouteSchema.optional(),
});

/**
 * Everything a worker sends back for one request, in order: start, delta*, finish+, usage — or error.
 * Embeddings: start, embedding+, usage.
 */
export const StreamPartSchema = z.discriminatedUnion('type', [
  StartPartSchema,
  DeltaPartSchema,
  FinishPartSchema,
  UsagePartSchema,
  EmbeddingPartSchema,
  ErrorPartSchema,
]);

export type ToolCallDelta = z.infer<typeof ToolCallDeltaSchema>;
export type StartPart = z.infer<typeof StartPartSchema>;
export type DeltaPart = z.infer<typeof DeltaPartSchema>;
export type FinishPart = z.infer<typeof FinishPartSchema>;
export type UsagePart = z.infer<typeof UsagePartSchema>;
export type EmbeddingPart = z.infer<typeof EmbeddingPartSchema>;
export type ErrorPart = z.infer<typeof ErrorPartSchema>;
export type StreamPart = z.infer<typeof StreamPartSchema>;

/** Builds an error part. */
export function errorPart(
  code: ErrorPart['code'],
  message: string,
  options: { param?: string | null; retryable?: boolean } = {},
): ErrorPart {
  return { type: 'error', code, message, param: options.param ?? null, retryable: options.retryable ?? false };
}

/** The error of an answer that ended before it was complete (a choice never finished, a whole body never came). */
export function unfinishedAnswer(): ErrorPart {
  return errorPart('upstream_error', 'The backend ended the response before it finished.');
}

/** What a worker's part is to the router that forwarded the request (see `ChunkRole` of `@switchyard/nats`). */
export type PartRole = 'data' | 'report' | 'failure';

/**
 * The client's answer as a worker rendered it (see `RenderSpec`): one chunk's JSON, or the whole body's.
 * On the bus it is `{"type":"rendered","output":<bool>,"json":<the JSON>}`, written and read by fixed
 * prefix so that the gateway slices the bytes out without parsing them.
 */
export interface RenderedPart {
  type: 'rendered';
  /** True when it carries generated output (text, tool calls, a refusal, embeddings), for the time to first token. */
  output: boolean;
  json: Uint8Array;
}

/** What the gateway receives for a request it asked to be rendered: control parts around the rendered answer. */
export type ReplyPart = StartPart | RenderedPart | UsagePart | ErrorPart;

const encoder = new TextEncoder();
const RENDERED_OUTPUT = '{"type":"rendered","output":true,"json":';
const RENDERED_OTHER = '{"type":"rendered","output":false,"json":';
const RENDERED_OUTPUT_PREFIX = encoder.encode(RENDERED_OUTPUT);
const RENDERED_OTHER_PREFIX = encoder.encode(RENDERED_OTHER);
const RENDERED_PREFIX = encoder.encode('{"type":"rendered"');
const DELTA_PREFIX = encoder.encode('{"type":"delta"');
const EMBEDDING_PREFIX = encoder.encode('{"type":"embedding"');
const ERROR_PREFIX = encoder.encode('{"type":"error"');

function startsWith(raw: Uint8Array, prefix: Uint8Array): boolean {
  if (raw.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (raw[i] !== prefix[i]) return false;
  return true;
}

/**
 * The role of an encoded part, from its first bytes (parts are written with `type` first, so the many
 * deltas of a stream are never parsed): rendered answers, deltas and embeddings are the client's data, an error is a
 * failure, everything else (start, finish, usage) a report the router reads.
 */
export function roleOfPart(raw: Uint8Array): PartRole {
  if (startsWith(raw, RENDERED_PREFIX) || startsWith(raw, DELTA_PREFIX) || startsWith(raw, EMBEDDING_PREFIX)) return 'data';
  if (startsWith(raw, ERROR_PREFIX)) return 'failure';
  return 'report';
}

const decoder = new TextDecoder();

/**
 * A part as a worker or router encoded it, parsed without validation: parts come from Switchyard's own
 * services (validation happens at the edges: client input in the gateway, upstream input in the worker).
 */
export function decodePart(raw: Uint8Array): StreamPart {
  return JSON.parse(decoder.decode(raw)) as StreamPart;
}

/** The bus message for a rendered piece of the answer: `json` must be one JSON value. */
export function encodeRendered(json: string, output: boolean): Uint8Array {
  return encoder.encode(`${output ? RENDERED_OUTPUT : RENDERED_OTHER}${json}}`);
}

/** A part as it reaches the gateway: a rendered answer is sliced out unparsed (a view of `raw`), anything else parsed. */
export function decodeReplyPart(raw: Uint8Array): StreamPart | RenderedPart {
  if (startsWith(raw, RENDERED_OUTPUT_PREFIX)) return { type: 'rendered', output: true, json: raw.subarray(RENDERED_OUTPUT_PREFIX.length, raw.length - 1) };
  if (startsWith(raw, RENDERED_OTHER_PREFIX)) return { type: 'rendered', output: false, json: raw.subarray(RENDERED_OTHER_PREFIX.length, raw.length - 1) };
  return decodePart(raw);
}
