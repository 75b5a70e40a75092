import { endpointOf, type ClientRateLimitEvent, type RateLimitWindow, type Route, type UpstreamRateLimitEvent, type UsageEvent } from '@switchyard/contracts';
import type { DomainMetricSet } from '../prometheus/domain-metrics';
import { NONE, type MetricLabels } from '../labels/metric-labels';
import type { EventTypeLabel, MetricsEvent } from './metrics-event';

/** The `kind` label of each provider rate-limit window. */
const UPSTREAM_WINDOWS = [
  ['requests', 'requests'],
  ['tokens', 'tokens'],
  ['inputTokens', 'input_tokens'],
  ['outputTokens', 'output_tokens'],
] as const;

/**
 * Turns events into metric updates. Counters and histograms count each event once; rate-limit
 * gauges keep the newest reading per provider or key, so a replayed or late event never overwrites
 * a newer one.
 */
export class EventRecorder {
  private readonly upstreamReadAt = new Map<string, number>();
  private readonly clientReadAt = new Map<string, number>();

  constructor(
    private readonly metrics: DomainMetricSet,
    private readonly labels: MetricLabels,
  ) {}

  /** Counts one event from the stream. */
  record(tagged: MetricsEvent): void {
    switch (tagged.type) {
      case 'usage':
        this.usage(tagged.event);
        break;
      case 'upstream_ratelimit':
        this.upstreamRateLimit(tagged.event);
        break;
      case 'client_ratelimit':
        this.clientRateLimit(tagged.event);
        break;
    }
    this.processed(tagged.type);
  }

  /** Counts an event taken from the stream, or one dropped as `invalid`. */
  processed(type: EventTypeLabel): void {
    this.metrics.eventsProcessedTotal.inc({ type });
  }

  /** Sets the provider's rate-limit gauges, unless a newer reading is already shown. */
  upstreamRateLimit(event: UpstreamRateLimitEvent): void {
    const provider = this.labels.provider(event.provider);
    if (!isNewer(this.upstreamReadAt, provider, event.rateLimits.observedAt)) return;
    for (const [field, kind] of UPSTREAM_WINDOWS) {
      const window: RateLimitWindow | undefined = event.rateLimits[field];
      if (window?.limit !== undefined) this.metrics.upstreamRateLimitLimit.set({ provider, kind }, window.limit);
      if (window?.remaining !== undefined) this.metrics.upstreamRateLimitRemaining.set({ provider, kind }, window.remaining);
    }
  }

  /** Sets the key's rate-limit gauges, unless a newer reading is already shown. */
  clientRateLimit(event: ClientRateLimitEvent): void {
    const keyId = this.labels.keyId(event.keyId);
    if (!isNewer(this.clientReadAt, keyId, event.at)) return;
    this.metrics.clientRateLimitRemaining.set({ key_id: keyId, kind: 'requests' }, event.requests.remaining);
    this.metrics.clientRateLimitRemaining.set({ key_id: keyId, kind: 'tokens' }, event.tokens.remaining);
  }

  private usage(event: UsageEvent): void {
    const backend = this.labels.backend(event.backend);
    const model = this.labels.model(event.requestedModel, event.backend !== null && event.status < 400);
    const { metrics } = this;
    const endpoint = endpointOf(event);
    metrics.requestsTotal.inc({ model, backend, status: String(event.status), endpoint });
    metrics.requestDuration.observe({ model, backend, endpoint }, event.durationMs / 1000);
    if (event.ttftMs !== null) metrics.timeToFirstToken.observe({ backend }, event.ttftMs / 1000);
    if (event.interTokenMs !== null) metrics.interTokenLatency.observe({ backend }, event.interTokenMs / 1000);
    metrics.tokensTotal.inc({ direction: 'prompt', backend }, event.promptTokens);
    metrics.tokensTotal.inc({ direction: 'completion', backend }, event.completionTokens);
    if (event.overheadMs !== null) metrics.gatewayOverhead.observe(event.overheadMs / 1000);
    if (event.route !== null) this.route(event.route, event.errorCode === 'cancelled');
  }

  /** The routing decision a usage event carries: its fallbacks, and how it ended (a backend started, none could, or the client left first). */
  private route(route: Route, cancelled: boolean): void {
    const to = route.selected === null ? NONE : this.labels.backend(route.selected);
    for (const attempt of route.failed) {
      this.metrics.fallbacksTotal.inc({ from: this.labels.backend(attempt.backend), to, reason: attempt.code });
    }
    for (const resume of route.resumed ?? []) {
      this.metrics.resumesTotal.inc({ from: this.labels.backend(resume.from), to: this.labels.backend(resume.to), reason: resume.code });
    }
    const outcome = route.selected !== null ? 'started' : cancelled ? 'cancelled' : 'failed';
    this.metrics.routeDecisionsTotal.inc({ policy: route.policy, outcome });
  }
}

/** True (and remembered) when `at` is at least as new as the last reading for `label`. */
function isNewer(readAt: Map<string, number>, label: string, at: number): boolean {
  const last = readAt.get(label);
  if (last !== undefined && at < last) return false;
  readAt.set(label, at);
  return true;
}
