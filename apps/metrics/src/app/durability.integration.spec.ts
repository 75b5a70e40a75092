import { EVENTS_STREAM, SUBJECTS, type UsageReport } from '@switchyard/contracts';
import { startPrivateNats, waitFor, type TestNats } from '@switchyard/testing';
import type { NatsConnection } from 'nats';
import { T0, usageEvent } from '../test/events';
import { connectTestClient, pendingEvents, publishEvent, startMetrics, type RunningMetrics } from '../test/metrics-app';
import { sumOf } from '../test/metric-lines';

const KEY = 'key_durable00000000';
const TODAY = '2025-03-14';

/** Publishes `count` usage events of `KEY` received on `TODAY`, 10 prompt and 20 completion tokens each. */
async function publishUsage(nc: NatsConnection, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    const event = usageEvent({ requestId: `${prefix}-${i}`, keyId: KEY, receivedAt: T0 + i });
    await publishEvent(nc, SUBJECTS.usageEvent, event, event.requestId);
  }
}

async function requestsOf(metrics: RunningMetrics, query = `key=${KEY}&from=${TODAY}&to=${TODAY}`): Promise<number> {
  const { body } = await metrics.usage(query);
  return (body as UsageReport).total.requests;
}

describe('durability: no usage event is lost while the metrics service is down', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  const running: RunningMetrics[] = [];

  const start = async (settings: Record<string, unknown> = {}): Promise<RunningMetrics> => {
    const metrics = await startMetrics(nats.url, settings);
    running.push(metrics);
    return metrics;
  };
  const stop = async (metrics: RunningMetrics): Promise<void> => {
    running.splice(running.indexOf(metrics), 1);
    await metrics.close();
  };

  beforeAll(async () => {
    nats = await startPrivateNats();
    nc = await connectTestClient(nats.url);
  });

  afterEach(async () => {
    for (const metrics of running.splice(0)) await metrics.close();
  });

  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  it('counts 100 events published while it was stopped once it is back, and keeps the aggregates of before', async () => {
    const first = await start();
    const { config } = await (await nc.jetstreamManager()).streams.info(EVENTS_STREAM.name);
    expect(config).toMatchObject({ subjects: [...EVENTS_STREAM.subjects], storage: 'file', max_age: 30 * 24 * 3_600 * 1e9 });
    await publishUsage(nc, 20, 'before');
    await waitFor(async () => sumOf(await first.scrape(), 'switchyard_requests_total') === 20, 10_000, '20 requests counted');
    expect(await requestsOf(first)).toBe(20);
    await stop(first);

    await publishUsage(nc, 100, 'while-down');
    expect(await pendingEvents(nc)).toEqual({ pending: 100, ackPending: 0 });

    const second = await start();
    await waitFor(async () => sumOf(await second.scrape(), 'switchyard_requests_total') === 100, 10_000, '100 requests counted after the restart');
    expect(await requestsOf(second)).toBe(120);
    const report = (await second.usage(`key=${KEY}&from=${TODAY}&to=${TODAY}`)).body as UsageReport;
    expect(report.data).toEqual([{ date: TODAY, model: 'local:stories260k', requests: 120, prompt_tokens: 1_200, completion_tokens: 2_400, total_tokens: 3_600 }]);
    // Nothing is counted twice: no event is left to deliver, and the counts stay where they are.
    await waitFor(async () => (await pendingEvents(nc)).ackPending === 0, 2_000, 'every event acknowledged');
    expect(await pendingEvents(nc)).toEqual({ pending: 0, ackPending: 0 });
    expect(sumOf(await second.scrape(), 'switchyard_requests_total')).toBe(100);
    await stop(second);
  }, 40_000);

  it('ignores an event the gateway published twice (same request id)', async () => {
    const metrics = await start();
    const event = usageEvent({ requestId: 'twice', keyId: 'key_twice', receivedAt: T0 });
    await publishEvent(nc, SUBJECTS.usageEvent, event, event.requestId);
    await publishEvent(nc, SUBJECTS.usageEvent, event, event.requestId);
    await waitFor(async () => sumOf(await metrics.scrape(), 'switchyard_requests_total') === 1, 5_000, 'the event counted');
    await waitFor(async () => (await pendingEvents(nc)).ackPending === 0, 1_000, 'the event acknowledged');
    expect(await pendingEvents(nc)).toEqual({ pending: 0, ackPending: 0 });
    expect(await requestsOf(metrics, `key=key_twice&from=${TODAY}&to=${TODAY}`)).toBe(1);
  });

  it('retries events whose aggregate cannot be stored (usage bucket gone) until it can', async () => {
    const metrics = await start();
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete('KV_switchyard_usage');
    await publishUsage(nc, 5, 'bucket-gone');
    await waitFor(async () => (await pendingEvents(nc)).ackPending === 5, 5_000, 'the events delivered but not acknowledged');
    expect(sumOf(await metrics.scrape(), 'switchyard_requests_total')).toBe(0);
    await nc.jetstream().views.kv('switchyard_usage', { history: 1 });
    await waitFor(async () => (await pendingEvents(nc)).ackPending === 0, 10_000, 'the events stored and acknowledged');
    expect(sumOf(await metrics.scrape(), 'switchyard_requests_total')).toBe(5);
    expect(await requestsOf(metrics)).toBe(5);
  }, 20_000);

  it('shares the work between replicas on one durable consumer: each counts its share, the aggregates add up', async () => {
    const a = await start();
    const b = await start();
    const before = await requestsOf(a);
    await publishUsage(nc, 200, 'replicas');
    await waitFor(
      async () => sumOf(await a.scrape(), 'switchyard_requests_total') + sumOf(await b.scrape(), 'switchyard_requests_total') === 200,
      15_000,
      '200 requests counted across both replicas',
    );
    const shareA = sumOf(await a.scrape(), 'switchyard_requests_total');
    expect(shareA).toBeGreaterThan(0);
    expect(shareA).toBeLessThan(200);
    expect(await requestsOf(a)).toBe(before + 200);
    expect(await requestsOf(b)).toBe(before + 200);
  }, 30_000);

  it('reports not ready (and does not quietly start counting history again) when its consumer is deleted under it', async () => {
    const metrics = await start();
    await (await nc.jetstreamManager()).consumers.delete(EVENTS_STREAM.name, 'switchyard-metrics');
    await waitFor(async () => (await fetch(`${metrics.url}/health/ready`)).status === 503, 10_000, 'not ready');
    expect(await (await fetch(`${metrics.url}/health/ready`)).json()).toEqual({ status: 'not_ready', checks: { nats: true, jetstream: false, accepting: true } });
  }, 15_000);
});
