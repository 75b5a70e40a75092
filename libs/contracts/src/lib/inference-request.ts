import { z } from 'zod';
import { ChatCompletionRequestSchema } from '@switchyard/openai';
import { RoutingPolicySchema } from './route';

/**
 * What the gateway asks the router, and the router a worker, to do. The body stays in OpenAI's
 * wire format: it is the canonical API, each worker translates it to its own backend.
 */
export const InferenceRequestSchema = z.object({
  /** Unique id assigned by the gateway; appears in every log line about this request. */
  requestId: z.string().min(1),
  /** The operation: a chat completion. */
  kind: z.literal('chat'),
  /** The validated OpenAI request body. */
  body: ChatCompletionRequestSchema,
  /** Epoch milliseconds after which nobody is waiting for the answer any more. */
  deadline: z.number().int().positive(),
  /** The backend the router chose (`local:stories260k`); set by the router for the worker. */
  target: z.string().optional(),
  /** The routing policy the client asked for (`x-switchyard-policy`); the router's default otherwise. */
  policy: RoutingPolicySchema.optional(),
});

export type InferenceRequest = z.infer<typeof InferenceRequestSchema>;
