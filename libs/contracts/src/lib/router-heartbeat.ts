import { z } from 'zod';
import { WORKER_ID_PATTERN } from './subjects';

/**
 * A router's periodic announcement to gateways. Gateways send each request to a router they have
 * heard from recently, so a frozen router (which stays subscribed to the queue group) stops getting
 * requests once it falls silent, and a retry goes to a different replica on purpose.
 */
export const RouterHeartbeatSchema = z.object({
  /** Stable id of this router process; subject-safe. */
  routerId: z.string().regex(WORKER_ID_PATTERN),
  /** The subject this router alone serves inference on. */
  subject: z.string().min(1),
  /** True while shutting down: finishing work, taking none. */
  draining: z.boolean(),
  /** Milliseconds until the next heartbeat. */
  intervalMs: z.number().int().positive(),
  /** Epoch milliseconds when sent. */
  sentAt: z.number().int().positive(),
});

export type RouterHeartbeat = z.infer<typeof RouterHeartbeatSchema>;
