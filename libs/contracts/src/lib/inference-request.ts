import { z } from 'zod';
import { ChatCompletionRequestSchema, CompletionRequestSchema, EmbeddingRequestSchema } from '@switchyard/openai';
import { RoutingPolicySchema } from './route';

/** Fields every inference request carries, whatever the operation. */
const common = {
  /** Unique id assigned by the gateway; appears in every log line about this request. */
  requestId: z.string().min(1),
  /** Epoch milliseconds after which nobody is waiting for the answer any more. */
  deadline: z.number().int().positive(),
  /** The backend the router chose (`local:stories260k`); set by the router for the worker. */
  target: z.string().optional(),
  /** The routing policy the client asked for (`x-switchyard-policy`); the router's default otherwise. */
  policy: RoutingPolicySchema.optional(),
  /** Workers not to use unless no other can answer (a resume avoids the one whose stream broke). */
  avoid: z.array(z.string()).optional(),
  /**
   * The client's own request, when it came in another API than the body's (Anthropic's Messages API, translated to
   * a chat): a backend that speaks that API takes it as it came (thinking blocks with their signatures, prompt-caching
   * hints), every other backend the body. The worker also renders from it what an answer repeats of its request (the
   * Responses API's echoed parameters).
   */
  native: z
    .object({
      /** `anthropic.messages` (Anthropic's Messages API) or `openai.responses` (OpenAI's Responses API). */
      dialect: z.enum(['anthropic.messages', 'openai.responses']),
      body: z.record(z.string(), z.unknown()),
      /** The client's `anthropic-beta` header (features it opted into), for an Anthropic backend. */
      beta: z.string().optional(),
    })
    .optional(),
};

/** A chat completion (`POST /v1/chat/completions`). */
export const ChatInferenceRequestSchema = z.object({ ...common, kind: z.literal('chat'), body: ChatCompletionRequestSchema });
/** A legacy text completion (`POST /v1/completions`): the raw prompt, no chat template. */
export const CompletionInferenceRequestSchema = z.object({ ...common, kind: z.literal('completion'), body: CompletionRequestSchema });
/** Embeddings (`POST /v1/embeddings`): answered with `embedding` parts and `usage`. */
export const EmbeddingsInferenceRequestSchema = z.object({ ...common, kind: z.literal('embeddings'), body: EmbeddingRequestSchema });

/**
 * What the gateway asks the router, and the router a worker, to do. The body stays in OpenAI's
 * wire format: it is the canonical API, each worker translates it to its own backend.
 */
export const InferenceRequestSchema = z.discriminatedUnion('kind', [
  ChatInferenceRequestSchema,
  CompletionInferenceRequestSchema,
  EmbeddingsInferenceRequestSchema,
]);

export type InferenceKind = InferenceRequest['kind'];
export type ChatInferenceRequest = z.infer<typeof ChatInferenceRequestSchema>;
export type CompletionInferenceRequest = z.infer<typeof CompletionInferenceRequestSchema>;
export type EmbeddingsInferenceRequest = z.infer<typeof EmbeddingsInferenceRequestSchema>;
export type InferenceRequest = z.infer<typeof InferenceRequestSchema>;

/**
 * What a hop between the gateway and the worker checks of a request: the envelope, and that the body names a
 * model. The body itself was validated by the gateway (client input is validated at the edge) and is passed
 * on as it came; the worker, which converts it for its backend, validates it again.
 */
export const InferenceEnvelopeSchema = z.object({
  ...common,
  kind: z.enum(['chat', 'completion', 'embeddings']),
  body: z.looseObject({ model: z.string() }),
});
