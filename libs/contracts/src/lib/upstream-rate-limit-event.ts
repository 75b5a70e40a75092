import { z } from 'zod';
import { RateLimitSnapshotSchema } from './upstream-status';

/** A cloud worker read new rate-limit headers from its provider (for the metrics service). */
export const UpstreamRateLimitEventSchema = z.object({
  /** The worker that read them. */
  workerId: z.string(),
  /** The provider's public name (`openai`). */
  provider: z.string(),
  /** The reading. */
  rateLimits: RateLimitSnapshotSchema,
});

export type UpstreamRateLimitEvent = z.infer<typeof UpstreamRateLimitEventSchema>;
