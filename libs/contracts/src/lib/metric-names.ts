/**
 * The domain metrics the metrics service exports on `/metrics`, by name, with their labels. The
 * dashboard, the alerting examples and the tests read this list, so a metric cannot be renamed in
 * one place only. Every service also exports prom-client's process metrics (`process_*`, `nodejs_*`).
 */
export const DOMAIN_METRICS = {
  requestsTotal: { name: 'switchyard_requests_total', type: 'counter', labels: ['model', 'backend', 'status', 'endpoint'] },
  requestDuration: { name: 'switchyard_request_duration_seconds', type: 'histogram', labels: ['model', 'backend', 'endpoint'] },
  timeToFirstToken: { name: 'switchyard_time_to_first_token_seconds', type: 'histogram', labels: ['backend'] },
  interTokenLatency: { name: 'switchyard_inter_token_latency_seconds', type: 'histogram', labels: ['backend'] },
  tokensTotal: { name: 'switchyard_tokens_total', type: 'counter', labels: ['direction', 'backend'] },
  gatewayOverhead: { name: 'switchyard_gateway_overhead_seconds', type: 'histogram', labels: [] },
  fallbacksTotal: { name: 'switchyard_fallbacks_total', type: 'counter', labels: ['from', 'to', 'reason'] },
  routeDecisionsTotal: { name: 'switchyard_route_decisions_total', type: 'counter', labels: ['policy', 'outcome'] },
  resumesTotal: { name: 'switchyard_resumes_total', type: 'counter', labels: ['from', 'to', 'reason'] },
  backendUp: { name: 'switchyard_backend_up', type: 'gauge', labels: ['backend'] },
  workerInFlight: { name: 'switchyard_worker_in_flight', type: 'gauge', labels: ['worker', 'kind'] },
  workerQueued: { name: 'switchyard_worker_queued', type: 'gauge', labels: ['worker', 'kind'] },
  gpuMemoryUsed: { name: 'switchyard_gpu_memory_used_bytes', type: 'gauge', labels: ['worker', 'gpu'] },
  gpuMemoryTotal: { name: 'switchyard_gpu_memory_total_bytes', type: 'gauge', labels: ['worker', 'gpu'] },
  upstreamRateLimitRemaining: { name: 'switchyard_upstream_ratelimit_remaining', type: 'gauge', labels: ['provider', 'kind'] },
  upstreamRateLimitLimit: { name: 'switchyard_upstream_ratelimit_limit', type: 'gauge', labels: ['provider', 'kind'] },
  clientRateLimitRemaining: { name: 'switchyard_client_ratelimit_remaining', type: 'gauge', labels: ['key_id', 'kind'] },
  eventsProcessedTotal: { name: 'switchyard_events_processed_total', type: 'counter', labels: ['type'] },
} as const;

/**
 * What each router replica exports on its own `/metrics`, beside the process metrics: how it hedged.
 * Only the router knows a hedge the backend tried first won (the route names only hedges that answered).
 */
export const ROUTER_METRICS = {
  hedgesTotal: { name: 'switchyard_hedges_total', type: 'counter', labels: ['primary', 'hedge', 'winner'] },
  hedgeLostPromptTokens: { name: 'switchyard_hedge_lost_prompt_tokens_total', type: 'counter', labels: ['backend'] },
} as const;

export type DomainMetric = (typeof DOMAIN_METRICS)[keyof typeof DOMAIN_METRICS];
