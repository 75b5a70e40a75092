import { z } from 'zod';
import { ERROR_CODE_NAMES } from '@switchyard/openai';

/** How `auto` (and aliases) choose among capable backends. */
export const ROUTING_POLICIES = ['edge-first', 'cloud-first', 'fastest', 'cheapest'] as const;
export const RoutingPolicySchema = z.enum(ROUTING_POLICIES);

/** One backend the router tried that failed before it produced output. */
export const RouteAttemptSchema = z.object({
  /** `<provider>:<model>`. */
  backend: z.string(),
  workerId: z.string(),
  /** The failure's error code (`backend_busy`, `rate_limit_exceeded`, `timeout`, …). */
  code: z.enum(ERROR_CODE_NAMES),
  /** How long the attempt took, in ms. */
  ms: z.number().min(0),
});

/** A backend left out before any attempt, and why. */
export const RouteSkipSchema = z.object({
  backend: z.string(),
  workerId: z.string(),
  reason: z.enum(['rate_limited', 'circuit_open', 'context_too_small']),
});

/** A backend that was raced by a hedge and lost: it had produced nothing when the selected one had output, and was cancelled. */
export const RouteHedgeSchema = z.object({
  backend: z.string(),
  workerId: z.string(),
});

/** A stream that broke after its output began and went on on another backend (the gateway's resume). */
export const RouteResumeSchema = z.object({
  /** The backend that broke. */
  from: z.string(),
  /** The backend that went on. */
  to: z.string(),
  /** Why it broke (`upstream_error`, `service_unavailable`, `timeout`, …). */
  code: z.enum(ERROR_CODE_NAMES),
});

/** What the router did for one request: the policy, what failed, what it skipped, what it chose. */
export const RouteSchema = z.object({
  policy: RoutingPolicySchema,
  /** The backend that is answering, or null when none could. */
  selected: z.string().nullable(),
  failed: z.array(RouteAttemptSchema),
  skipped: z.array(RouteSkipSchema),
  /** The selected backend answered as a hedge: these were started first and cancelled when it had output. */
  hedged: z.array(RouteHedgeSchema).optional(),
  /** Streamed answers only: where the answer broke and went on elsewhere, in order (`selected` is the first backend). */
  resumed: z.array(RouteResumeSchema).optional(),
});

/** What the router tells the worker to put on its start part: the `model` string clients see and the route taken. */
export const RouteStampSchema = z.object({ model: z.string(), route: RouteSchema });

export type RouteStamp = z.infer<typeof RouteStampSchema>;
export type RoutingPolicy = z.infer<typeof RoutingPolicySchema>;
export type RouteAttempt = z.infer<typeof RouteAttemptSchema>;
export type RouteSkip = z.infer<typeof RouteSkipSchema>;
export type RouteHedge = z.infer<typeof RouteHedgeSchema>;
export type RouteResume = z.infer<typeof RouteResumeSchema>;
export type Route = z.infer<typeof RouteSchema>;

/**
 * The `x-switchyard-route` header value, e.g.
 * `selected=openai:gpt-4o-mini; policy=edge-first; failed=local:stories260k (backend_busy); skipped=openai:gpt-4o (rate_limited)`.
 * `failed`, `skipped` and `hedged` (backends a hedge raced and beat) appear only when non-empty; `selected=none` when
 * nothing could answer.
 */
export function formatRouteHeader(route: Route): string {
  const fields = [`selected=${route.selected ?? 'none'}`, `policy=${route.policy}`];
  if (route.failed.length > 0) fields.push(`failed=${route.failed.map((a) => `${a.backend} (${a.code})`).join(', ')}`);
  if (route.skipped.length > 0) fields.push(`skipped=${route.skipped.map((s) => `${s.backend} (${s.reason})`).join(', ')}`);
  if (route.hedged !== undefined && route.hedged.length > 0) fields.push(`hedged=${route.hedged.map((h) => h.backend).join(', ')}`);
  // Header values must stay on one line and in visible ASCII.
  return fields.join('; ').replace(/[^\x20-\x7e]/g, '?');
}

/** Parses a header written by `formatRouteHeader` (for clients and tests); `hedged` only when the header has it. */
export function parseRouteHeader(value: string): { selected: string | null; policy: string; failed: string[]; skipped: string[]; hedged?: string[] } {
  const fields = new Map<string, string>();
  for (const field of value.split('; ')) {
    const eq = field.indexOf('=');
    if (eq > 0) fields.set(field.slice(0, eq), field.slice(eq + 1));
  }
  const list = (key: string): string[] => (fields.get(key) ? (fields.get(key) as string).split(', ') : []);
  const selected = fields.get('selected') ?? 'none';
  return { selected: selected === 'none' ? null : selected, policy: fields.get('policy') ?? '', failed: list('failed'), skipped: list('skipped'), ...(fields.has('hedged') ? { hedged: list('hedged') } : {}) };
}
