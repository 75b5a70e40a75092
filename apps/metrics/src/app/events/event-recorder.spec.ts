import { MetricLabels } from '../labels/metric-labels';
import { createMetricsRegistry, type MetricsRegistry } from '../prometheus/domain-metrics';
import { clientEvent, T0, upstreamEvent, usageEvent } from '../../test/events';
import { metricLines } from '../../test/metric-lines';
import { EventRecorder } from './event-recorder';
import type { MetricsEvent } from './metrics-event';

const attempt = (backend: string, code: 'backend_busy' | 'timeout' | 'rate_limit_exceeded'): { backend: string; workerId: string; code: typeof code; ms: number } => ({
  backend,
  workerId: `w-${backend}`,
  code,
  ms: 5,
});

/** Four requests (three routed, one refused before routing) and two rate-limit readings: the set every expectation below counts. */
const KNOWN_EVENTS: MetricsEvent[] = [
  {
    type: 'usage',
    event: usageEvent({
      route: { policy: 'cloud-first', selected: 'local:stories260k', failed: [], skipped: [], resumed: [{ from: 'local:stories260k', to: 'openai:gpt-4o-mini', code: 'service_unavailable' }] },
    }),
  },
  { type: 'usage', event: usageEvent({ promptTokens: 5, completionTokens: 7, durationMs: 300, ttftMs: 20, interTokenMs: 2, overheadMs: 1.5, route: null }) },
  {
    type: 'usage',
    event: usageEvent({
      requestedModel: 'openai:gpt-4o-mini',
      backend: 'openai:gpt-4o-mini',
      streamed: false,
      promptTokens: 100,
      completionTokens: 50,
      durationMs: 2_500,
      ttftMs: null,
      interTokenMs: null,
      overheadMs: 2,
      route: { policy: 'edge-first', selected: 'openai:gpt-4o-mini', failed: [attempt('local:stories260k', 'backend_busy')], skipped: [] },
    }),
  },
  {
    type: 'usage',
    // No backend could answer: the route of the router's final error.
    event: usageEvent({
      requestedModel: 'gpt-9',
      backend: null,
      status: 503,
      errorCode: 'rate_limit_exceeded',
      promptTokens: 0,
      completionTokens: 0,
      durationMs: 1,
      ttftMs: null,
      interTokenMs: null,
      overheadMs: null,
      route: { policy: 'edge-first', selected: null, failed: [attempt('local:stories260k', 'timeout'), attempt('openai:gpt-4o-mini', 'rate_limit_exceeded')], skipped: [] },
    }),
  },
  { type: 'upstream_ratelimit', event: upstreamEvent('openai', T0) },
  { type: 'client_ratelimit', event: clientEvent('key_0123456789abcdef', T0, 59, 149_000) },
];

describe('EventRecorder: events → Prometheus samples', () => {
  let metrics: MetricsRegistry;
  let recorder: EventRecorder;

  beforeEach(() => {
    metrics = createMetricsRegistry({ processMetrics: false });
    recorder = new EventRecorder(metrics.metrics, new MetricLabels(100));
    for (const event of KNOWN_EVENTS) recorder.record(event);
  });

  it.each<[string, string[]]>([
    [
      'switchyard_requests_total',
      [
        'switchyard_requests_total{model="auto",backend="local:stories260k",status="200",endpoint="chat/completions"} 2',
        'switchyard_requests_total{model="openai:gpt-4o-mini",backend="openai:gpt-4o-mini",status="200",endpoint="chat/completions"} 1',
        'switchyard_requests_total{model="other",backend="none",status="503",endpoint="chat/completions"} 1',
      ],
    ],
    [
      'switchyard_tokens_total',
      [
        'switchyard_tokens_total{direction="prompt",backend="local:stories260k"} 15',
        'switchyard_tokens_total{direction="completion",backend="local:stories260k"} 27',
        'switchyard_tokens_total{direction="prompt",backend="openai:gpt-4o-mini"} 100',
        'switchyard_tokens_total{direction="completion",backend="openai:gpt-4o-mini"} 50',
        'switchyard_tokens_total{direction="prompt",backend="none"} 0',
        'switchyard_tokens_total{direction="completion",backend="none"} 0',
      ],
    ],
    [
      'switchyard_time_to_first_token_seconds',
      [
        'switchyard_time_to_first_token_seconds_bucket{le="0.005",backend="local:stories260k"} 0',
        'switchyard_time_to_first_token_seconds_bucket{le="0.01",backend="local:stories260k"} 0',
        'switchyard_time_to_first_token_seconds_bucket{le="0.025",backend="local:stories260k"} 1',
        'switchyard_time_to_first_token_seconds_bucket{le="0.05",backend="local:stories260k"} 2',
        'switchyard_time_to_first_token_seconds_bucket{le="0.1",backend="local:stories260k"} 2',
        'switchyard_time_to_first_token_seconds_bucket{le="0.25",backend="local:stories260k"} 2',
        'switchyard_time_to_first_token_seconds_bucket{le="0.5",backend="local:stories260k"} 2',
        'switchyard_time_to_first_token_seconds_bucket{le="1",backend="local:stories260k"} 2',
        'switchyard_time_to_first_token_seconds_bucket{le="2.5",backend="local:stories260k"} 2',
        'switchyard_time_to_first_token_seconds_bucket{le="5",backend="local:stories260k"} 2',
        'switchyard_time_to_first_token_seconds_bucket{le="10",backend="local:stories260k"} 2',
        'switchyard_time_to_first_token_seconds_bucket{le="20",backend="local:stories260k"} 2',
        'switchyard_time_to_first_token_seconds_bucket{le="30",backend="local:stories260k"} 2',
        'switchyard_time_to_first_token_seconds_bucket{le="60",backend="local:stories260k"} 2',
        'switchyard_time_to_first_token_seconds_bucket{le="+Inf",backend="local:stories260k"} 2',
        'switchyard_time_to_first_token_seconds_sum{backend="local:stories260k"} 0.06',
        'switchyard_time_to_first_token_seconds_count{backend="local:stories260k"} 2',
      ],
    ],
    [
      'switchyard_fallbacks_total',
      [
        'switchyard_fallbacks_total{from="local:stories260k",to="openai:gpt-4o-mini",reason="backend_busy"} 1',
        'switchyard_fallbacks_total{from="local:stories260k",to="none",reason="timeout"} 1',
        'switchyard_fallbacks_total{from="openai:gpt-4o-mini",to="none",reason="rate_limit_exceeded"} 1',
      ],
    ],
    ['switchyard_resumes_total', ['switchyard_resumes_total{from="local:stories260k",to="openai:gpt-4o-mini",reason="service_unavailable"} 1']],
    [
      'switchyard_route_decisions_total',
      [
        'switchyard_route_decisions_total{policy="cloud-first",outcome="started"} 1',
        'switchyard_route_decisions_total{policy="edge-first",outcome="started"} 1',
        'switchyard_route_decisions_total{policy="edge-first",outcome="failed"} 1',
      ],
    ],
    [
      'switchyard_upstream_ratelimit_remaining',
      ['switchyard_upstream_ratelimit_remaining{provider="openai",kind="requests"} 499', 'switchyard_upstream_ratelimit_remaining{provider="openai",kind="tokens"} 199000'],
    ],
    ['switchyard_upstream_ratelimit_limit', ['switchyard_upstream_ratelimit_limit{provider="openai",kind="requests"} 500', 'switchyard_upstream_ratelimit_limit{provider="openai",kind="tokens"} 200000']],
    [
      'switchyard_client_ratelimit_remaining',
      ['switchyard_client_ratelimit_remaining{key_id="348a4470a22e",kind="requests"} 59', 'switchyard_client_ratelimit_remaining{key_id="348a4470a22e",kind="tokens"} 149000'],
    ],
    [
      'switchyard_events_processed_total',
      [
        'switchyard_events_processed_total{type="usage"} 4',
        'switchyard_events_processed_total{type="upstream_ratelimit"} 1',
        'switchyard_events_processed_total{type="client_ratelimit"} 1',
      ],
    ],
  ])('%s', async (name, expected) => {
    expect(await metricLines(metrics.registry, name)).toEqual(expected);
  });

  it('observes request duration per requested model and backend, in seconds', async () => {
    const lines = await metricLines(metrics.registry, 'switchyard_request_duration_seconds');
    expect(lines.filter((l) => l.includes('_count') || l.includes('_sum'))).toEqual([
      'switchyard_request_duration_seconds_sum{model="auto",backend="local:stories260k",endpoint="chat/completions"} 1.5',
      'switchyard_request_duration_seconds_count{model="auto",backend="local:stories260k",endpoint="chat/completions"} 2',
      'switchyard_request_duration_seconds_sum{model="openai:gpt-4o-mini",backend="openai:gpt-4o-mini",endpoint="chat/completions"} 2.5',
      'switchyard_request_duration_seconds_count{model="openai:gpt-4o-mini",backend="openai:gpt-4o-mini",endpoint="chat/completions"} 1',
      'switchyard_request_duration_seconds_sum{model="other",backend="none",endpoint="chat/completions"} 0.001',
      'switchyard_request_duration_seconds_count{model="other",backend="none",endpoint="chat/completions"} 1',
    ]);
    expect(lines).toContain('switchyard_request_duration_seconds_bucket{le="0.5",model="auto",backend="local:stories260k",endpoint="chat/completions"} 1');
    expect(lines).toContain('switchyard_request_duration_seconds_bucket{le="2.5",model="auto",backend="local:stories260k",endpoint="chat/completions"} 2');
  });

  it('observes inter-token latency only for streams with two tokens or more', async () => {
    const lines = await metricLines(metrics.registry, 'switchyard_inter_token_latency_seconds');
    expect(lines.filter((l) => l.includes('_count'))).toEqual(['switchyard_inter_token_latency_seconds_count{backend="local:stories260k"} 2']);
    expect(lines).toContain('switchyard_inter_token_latency_seconds_bucket{le="0.001",backend="local:stories260k"} 0');
    expect(lines).toContain('switchyard_inter_token_latency_seconds_bucket{le="0.0025",backend="local:stories260k"} 1');
    expect(lines).toContain('switchyard_inter_token_latency_seconds_bucket{le="0.005",backend="local:stories260k"} 2');
  });

  it('observes gateway overhead from 0.1 ms, leaving out requests where it is unknown', async () => {
    const lines = await metricLines(metrics.registry, 'switchyard_gateway_overhead_seconds');
    expect(lines).toEqual([
      'switchyard_gateway_overhead_seconds_bucket{le="0.0001"} 0',
      'switchyard_gateway_overhead_seconds_bucket{le="0.00025"} 0',
      'switchyard_gateway_overhead_seconds_bucket{le="0.0005"} 0',
      'switchyard_gateway_overhead_seconds_bucket{le="0.001"} 1',
      'switchyard_gateway_overhead_seconds_bucket{le="0.0025"} 3',
      'switchyard_gateway_overhead_seconds_bucket{le="0.005"} 3',
      'switchyard_gateway_overhead_seconds_bucket{le="0.01"} 3',
      'switchyard_gateway_overhead_seconds_bucket{le="0.025"} 3',
      'switchyard_gateway_overhead_seconds_bucket{le="0.05"} 3',
      'switchyard_gateway_overhead_seconds_bucket{le="0.1"} 3',
      'switchyard_gateway_overhead_seconds_bucket{le="0.25"} 3',
      'switchyard_gateway_overhead_seconds_bucket{le="0.5"} 3',
      'switchyard_gateway_overhead_seconds_bucket{le="1"} 3',
      'switchyard_gateway_overhead_seconds_bucket{le="+Inf"} 3',
      'switchyard_gateway_overhead_seconds_sum 0.0043',
      'switchyard_gateway_overhead_seconds_count 3',
    ]);
  });

  it('keeps the newest rate-limit reading when an older one arrives later (replay, or another path)', async () => {
    recorder.upstreamRateLimit(upstreamEvent('openai', T0 - 1_000, 10));
    recorder.clientRateLimit(clientEvent('key_0123456789abcdef', T0 - 1_000, 1, 1));
    recorder.upstreamRateLimit(upstreamEvent('openai', T0 + 1_000, 498));
    expect(await metricLines(metrics.registry, 'switchyard_upstream_ratelimit_remaining')).toContain('switchyard_upstream_ratelimit_remaining{provider="openai",kind="requests"} 498');
    expect(await metricLines(metrics.registry, 'switchyard_client_ratelimit_remaining')).toContain('switchyard_client_ratelimit_remaining{key_id="348a4470a22e",kind="requests"} 59');
  });

  it('reports Anthropic-style split input and output token windows', async () => {
    recorder.upstreamRateLimit({
      workerId: 'cloud-anthropic-1',
      provider: 'anthropic',
      rateLimits: { inputTokens: { limit: 40_000, remaining: 39_000 }, outputTokens: { limit: 8_000, remaining: 7_990 }, observedAt: T0 },
    });
    expect((await metricLines(metrics.registry, 'switchyard_upstream_ratelimit_remaining')).filter((l) => l.includes('anthropic'))).toEqual([
      'switchyard_upstream_ratelimit_remaining{provider="anthropic",kind="input_tokens"} 39000',
      'switchyard_upstream_ratelimit_remaining{provider="anthropic",kind="output_tokens"} 7990',
    ]);
  });

  it('counts a request whose client left before any backend started as a cancelled decision, with its fallbacks', async () => {
    const route = { policy: 'fastest' as const, selected: null, failed: [attempt('openai:gpt-4o-mini', 'timeout')], skipped: [] };
    recorder.record({ type: 'usage', event: usageEvent({ backend: null, status: 499, errorCode: 'cancelled', route }) });
    expect(await metricLines(metrics.registry, 'switchyard_route_decisions_total')).toContain('switchyard_route_decisions_total{policy="fastest",outcome="cancelled"} 1');
    expect(await metricLines(metrics.registry, 'switchyard_fallbacks_total')).toContain('switchyard_fallbacks_total{from="openai:gpt-4o-mini",to="none",reason="timeout"} 1');
  });

  it('never exports a key id, only its hash', async () => {
    expect(await metrics.registry.metrics()).not.toContain('key_0123456789abcdef');
  });
});
