import { z } from 'zod';

/** The usage query, as `GET /v1/usage` takes it and as a request on `SUBJECTS.metricsUsage` carries it. */
export const UsageQuerySchema = z.object({
  /** The API key's id (`key_…`, or `open`); absent means every key, summed. */
  key: z.string().optional(),
  /** First UTC day, `YYYY-MM-DD`, inclusive; defaults to `to`. */
  from: z.string().optional(),
  /** Last UTC day, `YYYY-MM-DD`, inclusive; defaults to today. */
  to: z.string().optional(),
});

/** Requests and tokens, in OpenAI's usage field names. */
export const UsageTotalsSchema = z.object({
  requests: z.number().int().min(0),
  prompt_tokens: z.number().int().min(0),
  completion_tokens: z.number().int().min(0),
  total_tokens: z.number().int().min(0),
});

/** One model's usage on one UTC day. */
export const UsageRowSchema = UsageTotalsSchema.extend({
  /** UTC day the requests were received, `YYYY-MM-DD`. */
  date: z.string(),
  /** The backend that answered (`local:stories260k`), or `none` for requests no backend answered. */
  model: z.string(),
});

/** The answer to a usage query: rows per day and model (ordered by day, then model) and their sum. */
export const UsageReportSchema = z.object({
  object: z.literal('usage.report'),
  /** The key asked about, or null for every key. */
  key: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  data: z.array(UsageRowSchema),
  total: UsageTotalsSchema,
});

/** The reply on `SUBJECTS.metricsUsage`: the HTTP status and body `GET /v1/usage` would answer (a report or an OpenAI error). */
export const UsageReplySchema = z.object({
  status: z.number().int(),
  body: z.union([
    UsageReportSchema,
    z.object({ error: z.object({ message: z.string(), type: z.string(), param: z.string().nullable(), code: z.string().nullable() }) }),
  ]),
});

export type UsageQuery = z.infer<typeof UsageQuerySchema>;
export type UsageTotals = z.infer<typeof UsageTotalsSchema>;
export type UsageRow = z.infer<typeof UsageRowSchema>;
export type UsageReport = z.infer<typeof UsageReportSchema>;
export type UsageReply = z.infer<typeof UsageReplySchema>;
