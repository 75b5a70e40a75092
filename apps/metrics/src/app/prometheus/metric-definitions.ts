import type { DOMAIN_METRICS } from '@switchyard/contracts';

type Catalogue = typeof DOMAIN_METRICS;

/** A metric of the catalogue, by its key (`requestsTotal`). */
export type MetricKey = keyof Catalogue;

/** The keys of the catalogue's histograms. */
export type HistogramKey = { [K in MetricKey]: Catalogue[K]['type'] extends 'histogram' ? K : never }[MetricKey];

/** Seconds, from 5 ms to 60 s: a whole request, or the wait for its first token. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];

/**
 * Histogram buckets, in seconds. Time between tokens runs from about 1 ms (a tiny local model) to a
 * few hundred (a large one under load), so it gets its own range; overhead is Switchyard's own time.
 */
export const BUCKETS: Readonly<Record<HistogramKey, readonly number[]>> = {
  requestDuration: LATENCY_BUCKETS,
  timeToFirstToken: LATENCY_BUCKETS,
  interTokenLatency: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  gatewayOverhead: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
};

/** The `# HELP` line of each metric. */
export const HELP: Readonly<Record<MetricKey, string>> = {
  requestsTotal: 'Finished requests by requested model, answering backend ("none" if none did) and HTTP status.',
  requestDuration: 'Time from receipt to the last byte of a request, in seconds.',
  timeToFirstToken: 'Time from receipt to the first generated token, in seconds.',
  interTokenLatency: 'Mean time between generated tokens after the first, per request, in seconds.',
  tokensTotal: 'Prompt and completion tokens, by backend.',
  gatewayOverhead: 'Time spent in Switchyard rather than in the backend, per request, in seconds.',
  fallbacksTotal: 'Backends that failed before the first token, by failed backend, the backend finally selected ("none") and error code.',
  routeDecisionsTotal: 'Routing decisions by policy and outcome (started, failed, cancelled).',
  resumesTotal: 'Streams that broke after their output began and went on on another backend: the backend that broke, the one that went on, and why it broke.',
  backendUp: '1 while a live, reachable worker serves the backend; 0 once none does.',
  workerInFlight: 'Requests a worker is running now, from its heartbeat.',
  workerQueued: 'Requests waiting for a slot on a worker, from its heartbeat.',
  gpuMemoryUsed: 'Video memory in use on a worker GPU, in bytes.',
  gpuMemoryTotal: 'Video memory of a worker GPU, in bytes.',
  upstreamRateLimitRemaining: 'What is left of a cloud provider rate-limit window, from its latest response headers.',
  upstreamRateLimitLimit: 'A cloud provider rate-limit window, from its latest response headers.',
  clientRateLimitRemaining: 'What is left of an API key rate limit in the current window (key_id: SHA-256 prefix of the key id).',
  eventsProcessedTotal: 'Events taken from the events stream, by type ("invalid": malformed, dropped).',
};
