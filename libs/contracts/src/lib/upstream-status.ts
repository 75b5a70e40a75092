import { z } from 'zod';

/** One rate-limit window the provider reports (requests or tokens). */
export const RateLimitWindowSchema = z.object({
  /** The window's limit. */
  limit: z.number().min(0).optional(),
  /** What is left of it. */
  remaining: z.number().min(0).optional(),
  /** Epoch ms when it resets. */
  resetAt: z.number().int().optional(),
});

/** The provider's rate-limit headers, as last read from a response. */
export const RateLimitSnapshotSchema = z.object({
  requests: RateLimitWindowSchema.optional(),
  tokens: RateLimitWindowSchema.optional(),
  /** Input and output token windows, where the provider splits them (Anthropic). */
  inputTokens: RateLimitWindowSchema.optional(),
  outputTokens: RateLimitWindowSchema.optional(),
  /** Epoch ms until which the provider asked us to wait (`retry-after`). */
  retryAfterUntil: z.number().int().optional(),
  /** Epoch ms when these headers were read. */
  observedAt: z.number().int(),
});

/** How a cloud worker sees its provider: reachable or not, and its rate-limit headroom. */
export const UpstreamStatusSchema = z.object({
  /** True when the last probe or request reached the provider. */
  reachable: z.boolean(),
  /** Epoch ms of the last probe or request. */
  checkedAt: z.number().int(),
  /** Why it is unreachable, when it is. */
  reason: z.string().optional(),
  /** The latest rate-limit reading, when the provider sends any. */
  rateLimits: RateLimitSnapshotSchema.optional(),
});

export type RateLimitWindow = z.infer<typeof RateLimitWindowSchema>;
export type RateLimitSnapshot = z.infer<typeof RateLimitSnapshotSchema>;
export type UpstreamStatus = z.infer<typeof UpstreamStatusSchema>;
