import type { ClientRateLimitEvent, RouteAttempt, RoutingPolicy, UpstreamRateLimitEvent, UsageEvent, WorkerHeartbeat } from '@switchyard/contracts';
import { T0, usageEvent } from '@switchyard/testing';

export { T0, usageEvent } from '@switchyard/testing';

/**
 * A request routed to `selected` after the backends in `failed` failed with their codes (by `policy`), or that
 * no backend could answer (`selected` null: a 503 with the last failure's code).
 */
export function routedUsage(selected: string | null, failed: Array<[string, RouteAttempt['code']]> = [], policy: RoutingPolicy = 'edge-first'): UsageEvent {
  const attempts = failed.map(([backend, code]) => ({ backend, workerId: `w-${backend.replace(/\W/g, '-')}`, code, ms: 5 }));
  const route = { policy, selected, failed: attempts, skipped: [] };
  if (selected !== null) return usageEvent({ backend: selected, route });
  return usageEvent({ backend: null, status: 503, errorCode: attempts.at(-1)?.code ?? 'service_unavailable', promptTokens: 0, completionTokens: 0, ttftMs: null, interTokenMs: null, overheadMs: null, route });
}

/** OpenAI-like headers: 500 requests and 200k tokens per minute, read at `observedAt`. */
export function upstreamEvent(provider: string, observedAt: number, requestsRemaining = 499): UpstreamRateLimitEvent {
  return {
    workerId: `cloud-${provider}-1`,
    provider,
    rateLimits: { requests: { limit: 500, remaining: requestsRemaining, resetAt: observedAt + 120 }, tokens: { limit: 200_000, remaining: 199_000 }, observedAt },
  };
}

/** A key's counters read at `at`. */
export function clientEvent(keyId: string, at: number, requestsRemaining: number, tokensRemaining: number): ClientRateLimitEvent {
  return { keyId, at, requests: { limit: 60, remaining: requestsRemaining }, tokens: { limit: 150_000, remaining: tokensRemaining } };
}

/** A worker heartbeat; local by default, serving `models` of `provider`. */
export function heartbeat(workerId: string, overrides: Partial<WorkerHeartbeat> = {}): WorkerHeartbeat {
  return {
    workerId,
    kind: 'local',
    provider: 'local',
    subject: `switchyard.worker.${workerId}.infer`,
    models: [{ name: 'stories260k', contextLength: 2048, capabilities: ['chat'] }],
    capacity: 1,
    inFlight: 0,
    queued: 0,
    maxQueue: 8,
    draining: false,
    intervalMs: 500,
    sentAt: T0,
    ...overrides,
  };
}
