import { z } from 'zod';
import { RouteSchema } from './route';

/** Published by the router once per request when its routing is settled (started, failed or cancelled). */
export const RouteDecisionEventSchema = z.object({
  requestId: z.string(),
  /** Epoch ms when the router received the request. */
  receivedAt: z.number().int(),
  /** The `model` the client asked for (`auto`, an alias, a backend id). */
  requestedModel: z.string(),
  route: RouteSchema,
  /** The worker that answers, when one does. */
  workerId: z.string().nullable(),
  /** `started`: a backend is answering; `failed`: none could; `cancelled`: the client left first. */
  outcome: z.enum(['started', 'failed', 'cancelled']),
  /** Time from receipt to the outcome, in ms (includes failed attempts). */
  decisionMs: z.number().min(0),
});

export type RouteDecisionEvent = z.infer<typeof RouteDecisionEventSchema>;
