import { SUBJECTS, UsageReplySchema, type UsageReport } from '@switchyard/contracts';
import { decodeJson, encodeJson, encodeText } from '@switchyard/nats';
import { startPrivateNats, waitFor, type TestNats } from '@switchyard/testing';
import type { NatsConnection } from 'nats';
import { clientEvent, heartbeat, routedUsage, T0, upstreamEvent, usageEvent } from '../test/events';
import { connectTestClient, pendingEvents, publishEvent, startMetrics, type RunningMetrics } from '../test/metrics-app';
import { sumOf } from '../test/metric-lines';

const DAY_MS = 24 * 3_600_000;
const KEY_A = 'key_aaaaaaaaaaaaaaaa';
const KEY_B = 'key_bbbbbbbbbbbbbbbb';

/** The requests the suite publishes: two keys, two days, two backends, one failure; three routed (the others' routes unknown). */
const USAGE = [
  usageEvent({ keyId: KEY_A }),
  usageEvent({ keyId: KEY_A, promptTokens: 5, completionTokens: 7, route: null }),
  { ...routedUsage('openai:gpt-4o-mini', [['local:stories260k', 'backend_busy']]), keyId: KEY_A, requestedModel: 'openai:gpt-4o-mini', promptTokens: 100, completionTokens: 50, ttftMs: null, interTokenMs: null },
  usageEvent({ keyId: KEY_A, receivedAt: T0 + DAY_MS, promptTokens: 1, completionTokens: 2, route: null }),
  usageEvent({ keyId: KEY_B, promptTokens: 3, completionTokens: 4, route: null }),
  { ...routedUsage(null, [['local:stories260k', 'timeout']]), keyId: KEY_B, requestedModel: 'nope' },
];

describe('the metrics service over a real NATS server with JetStream', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let metrics: RunningMetrics;

  beforeAll(async () => {
    nats = await startPrivateNats();
    metrics = await startMetrics(nats.url, { workerTtlMs: 400 });
    nc = await connectTestClient(nats.url);
    for (const event of USAGE) await publishEvent(nc, SUBJECTS.usageEvent, event, event.requestId);
    await publishEvent(nc, SUBJECTS.upstreamRateLimitEvent, upstreamEvent('openai', T0), 'u1');
    await publishEvent(nc, SUBJECTS.clientRateLimitEvent, clientEvent(KEY_A, T0, 59, 149_000), 'c1');
    await waitFor(async () => sumOf(await metrics.scrape(), 'switchyard_events_processed_total') === 8, 10_000, 'every event counted');
  }, 30_000);

  afterAll(async () => {
    await metrics?.close();
    await nc?.close();
    await nats?.stop();
  });

  describe('GET /metrics', () => {
    let text: string;
    beforeAll(async () => {
      text = await metrics.scrape();
    });

    it.each([
      'switchyard_requests_total{model="auto",backend="local:stories260k",status="200",endpoint="chat/completions"} 4',
      'switchyard_requests_total{model="openai:gpt-4o-mini",backend="openai:gpt-4o-mini",status="200",endpoint="chat/completions"} 1',
      'switchyard_requests_total{model="other",backend="none",status="503",endpoint="chat/completions"} 1',
      'switchyard_tokens_total{direction="prompt",backend="local:stories260k"} 19',
      'switchyard_tokens_total{direction="completion",backend="local:stories260k"} 33',
      'switchyard_tokens_total{direction="prompt",backend="openai:gpt-4o-mini"} 100',
      'switchyard_time_to_first_token_seconds_count{backend="local:stories260k"} 4',
      'switchyard_gateway_overhead_seconds_count 5',
      'switchyard_fallbacks_total{from="local:stories260k",to="openai:gpt-4o-mini",reason="backend_busy"} 1',
      'switchyard_fallbacks_total{from="local:stories260k",to="none",reason="timeout"} 1',
      'switchyard_route_decisions_total{policy="edge-first",outcome="started"} 2',
      'switchyard_route_decisions_total{policy="edge-first",outcome="failed"} 1',
      'switchyard_upstream_ratelimit_remaining{provider="openai",kind="requests"} 499',
      'switchyard_upstream_ratelimit_limit{provider="openai",kind="tokens"} 200000',
      'switchyard_events_processed_total{type="usage"} 6',
    ])('shows %s', (line) => {
      expect(text.split('\n')).toContain(line);
    });

    it('serves Prometheus text with the process metrics too', async () => {
      const res = await fetch(`${metrics.url}/metrics`);
      expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
      expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
      expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
      expect(text).toMatch(/^process_resident_memory_bytes\{service="metrics"\} \d+/m);
    });

    it('hashes key ids', () => {
      expect(text).not.toContain(KEY_A);
      expect(text).toMatch(/switchyard_client_ratelimit_remaining\{key_id="[0-9a-f]{12}",kind="requests"\} 59/);
    });

    it('leaves nothing unacknowledged in the stream', async () => {
      expect(await pendingEvents(nc)).toEqual({ pending: 0, ackPending: 0 });
    });
  });

  it('drops a malformed event once (terminated, counted as invalid), never redelivering it', async () => {
    await publishEvent(nc, SUBJECTS.usageEvent, { not: 'a usage event' }, 'bad-1');
    await nc.jetstream().publish(SUBJECTS.clientRateLimitEvent, encodeText('{'), { msgID: 'bad-2' });
    await waitFor(async () => (await metrics.scrape()).includes('switchyard_events_processed_total{type="invalid"} 2'), 3_000, 'the malformed events dropped');
    await waitFor(async () => (await pendingEvents(nc)).ackPending === 0, 1_000, 'nothing left to acknowledge');
    expect(sumOf(await metrics.scrape(), 'switchyard_requests_total')).toBe(6);
  });

  it('shows live worker gauges from heartbeats, and drops them when the worker goes silent', async () => {
    const beat = (): void => nc.publish(SUBJECTS.workerHeartbeat, encodeJson(heartbeat('local-it', { inFlight: 2, queued: 1 })));
    beat();
    await waitFor(async () => (await metrics.scrape()).includes('switchyard_backend_up{backend="local:stories260k"} 1'), 3_000, 'backend up');
    const live = await metrics.scrape();
    expect(live).toContain('switchyard_worker_in_flight{worker="local-it",kind="local"} 2');
    expect(live).toContain('switchyard_worker_queued{worker="local-it",kind="local"} 1');
    await waitFor(async () => (await metrics.scrape()).includes('switchyard_backend_up{backend="local:stories260k"} 0'), 3_000, 'backend down after the TTL');
    expect(await metrics.scrape()).not.toContain('worker="local-it"');
  });

  it('forgets a worker that says goodbye at once', async () => {
    nc.publish(SUBJECTS.workerHeartbeat, encodeJson(heartbeat('local-bye', { workerId: 'local-bye' })));
    await waitFor(async () => (await metrics.scrape()).includes('worker="local-bye"'), 3_000, 'worker seen');
    nc.publish(SUBJECTS.workerGoodbye, encodeJson({ workerId: 'local-bye' }));
    await waitFor(async () => !(await metrics.scrape()).includes('worker="local-bye"'), 300, 'worker gone before its TTL');
  });

  describe('GET /v1/usage', () => {
    it('answers one key on one day, per model', async () => {
      const { status, body } = await metrics.usage(`key=${KEY_A}&from=2025-03-14&to=2025-03-14`);
      expect(status).toBe(200);
      expect(body).toEqual({
        object: 'usage.report',
        key: KEY_A,
        from: '2025-03-14',
        to: '2025-03-14',
        data: [
          { date: '2025-03-14', model: 'local:stories260k', requests: 2, prompt_tokens: 15, completion_tokens: 27, total_tokens: 42 },
          { date: '2025-03-14', model: 'openai:gpt-4o-mini', requests: 1, prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
        ],
        total: { requests: 3, prompt_tokens: 115, completion_tokens: 77, total_tokens: 192 },
      });
    });

    it('sums every key when none is named, over a range of days', async () => {
      const { status, body } = await metrics.usage('from=2025-03-13&to=2025-03-15');
      expect(status).toBe(200);
      const report = body as UsageReport;
      expect(report.key).toBeNull();
      expect(report.data).toEqual([
        { date: '2025-03-14', model: 'local:stories260k', requests: 3, prompt_tokens: 18, completion_tokens: 31, total_tokens: 49 },
        { date: '2025-03-14', model: 'none', requests: 1, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
        { date: '2025-03-14', model: 'openai:gpt-4o-mini', requests: 1, prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
        { date: '2025-03-15', model: 'local:stories260k', requests: 1, prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
      ]);
      expect(report.total.requests).toBe(6);
    });

    it('answers an empty report for a key or day without use', async () => {
      expect((await metrics.usage(`key=key_unused&from=2025-03-14&to=2025-03-14`)).body).toMatchObject({ data: [], total: { requests: 0 } });
      expect((await metrics.usage('from=2024-01-01&to=2024-01-01')).body).toMatchObject({ data: [], total: { requests: 0 } });
    });

    it('reads a long range in one pass', async () => {
      const report = (await metrics.usage(`key=${KEY_A}&from=2024-06-01&to=2025-05-31`)).body as UsageReport;
      expect(report.total).toEqual({ requests: 4, prompt_tokens: 116, completion_tokens: 79, total_tokens: 195 });
    });

    it.each<[string, string | null, number, string]>([
      ['no token', null, 401, 'invalid_api_key'],
      ['a wrong token', 'Bearer wrong-token', 401, 'invalid_api_key'],
    ])('refuses %s', async (_name, authorization, status, code) => {
      const res = await metrics.usage('from=2025-03-14', authorization);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ error: { code } });
    });

    it.each([
      ['from=2025-3-14', 'from'],
      ['from=2025-03-15&to=2025-03-14', 'from'],
      ['to=tomorrow', 'to'],
      ['model=auto', 'model'],
      ['from=2025-03-14&from=2025-03-15', 'from'],
    ])('answers 400 with an OpenAI error naming the parameter for ?%s', async (query, param) => {
      const res = await metrics.usage(query);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { type: 'invalid_request_error', param, code: null, message: expect.any(String) } });
    });
  });

  it('answers the same query on NATS, as GET /v1/usage would', async () => {
    const reply = await nc.request(SUBJECTS.metricsUsage, encodeJson({ key: KEY_A, from: '2025-03-14', to: '2025-03-14' }), { timeout: 5_000 });
    const http = await metrics.usage(`key=${KEY_A}&from=2025-03-14&to=2025-03-14`);
    expect(decodeJson(reply.data, UsageReplySchema)).toEqual({ status: 200, body: http.body });
    const bad = await nc.request(SUBJECTS.metricsUsage, encodeJson({ from: 'x' }), { timeout: 5_000 });
    expect(decodeJson(bad.data, UsageReplySchema)).toMatchObject({ status: 400, body: { error: { param: 'from' } } });
    const junk = await nc.request(SUBJECTS.metricsUsage, encodeText('[1]'), { timeout: 5_000 });
    expect(decodeJson(junk.data, UsageReplySchema)).toMatchObject({ status: 400 });
  });

  it('with no admin token configured, answers 403 saying how to enable the usage API', async () => {
    const open = await startMetrics(nats.url, { adminToken: undefined, consumer: 'metrics-no-token', usageBucket: 'usage_no_token' });
    try {
      const res = await open.usage('from=2025-03-14');
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'permission_denied', message: expect.stringContaining('SWITCHYARD_METRICS__ADMIN_TOKEN') } });
    } finally {
      await open.close();
    }
  });
});
