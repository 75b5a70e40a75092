import { SUBJECTS } from '@switchyard/contracts';
import { encodeJson, encodeText } from '@switchyard/nats';
import { MetricLabels } from '../labels/metric-labels';
import { createMetricsRegistry, type MetricsRegistry } from '../prometheus/domain-metrics';
import type { UsageRecord } from '../usage/usage-record';
import type { UsageStore } from '../usage/usage-store';
import { clientEvent, T0, usageEvent } from '../../test/events';
import { metricLines } from '../../test/metric-lines';
import { EventBatchProcessor, RETRY_DELAY_MS, type EventMessage } from './event-batch';
import { EventRecorder } from './event-recorder';
import { SeenSequences } from './seen-sequences';

/** A message that remembers what was done with it, and when (relative to the store's writes). */
class FakeMessage implements EventMessage {
  outcome: string | undefined;
  constructor(
    readonly subject: string,
    readonly data: Uint8Array,
    private readonly journal: string[],
    readonly seq: number,
  ) {}
  ack(): void {
    this.settle('ack');
  }
  nak(delayMs?: number): void {
    this.settle(`nak ${delayMs}`);
  }
  term(): void {
    this.settle('term');
  }
  private settle(outcome: string): void {
    if (this.outcome !== undefined) throw new Error(`settled twice: ${this.outcome}, then ${outcome}`);
    this.outcome = outcome;
    this.journal.push(outcome);
  }
}

/** Records each `add`; fails for models listed in `failing`. */
class FakeStore implements UsageStore {
  readonly added: UsageRecord[] = [];
  failing = new Set<string>();
  constructor(private readonly journal: string[]) {}
  async add(delta: UsageRecord): Promise<void> {
    if (this.failing.has(delta.model)) throw new Error('KV unavailable');
    this.added.push(delta);
    this.journal.push(`store ${delta.model} +${delta.requests}`);
  }
  async read(): Promise<UsageRecord[]> {
    return [];
  }
}

describe('EventBatchProcessor', () => {
  let journal: string[];
  let store: FakeStore;
  let metrics: MetricsRegistry;
  let processor: EventBatchProcessor;
  const warnings: string[] = [];

  let nextSeq = 1;
  const message = (subject: string, data: Uint8Array, seq = nextSeq++): FakeMessage => new FakeMessage(subject, data, journal, seq);
  const usage = (overrides: Parameters<typeof usageEvent>[0] = {}): FakeMessage => message(SUBJECTS.usageEvent, encodeJson(usageEvent(overrides)));

  beforeEach(() => {
    journal = [];
    warnings.length = 0;
    store = new FakeStore(journal);
    metrics = createMetricsRegistry({ processMetrics: false });
    processor = new EventBatchProcessor(store, new EventRecorder(metrics.metrics, new MetricLabels(100)), { warn: (_d, m) => warnings.push(m) }, new SeenSequences());
  });

  it('stores the usage aggregates before it acknowledges any event, one write per aggregate', async () => {
    const batch = [usage(), usage(), usage({ backend: 'openai:gpt-4o-mini', promptTokens: 1, completionTokens: 1 }), message(SUBJECTS.clientRateLimitEvent, encodeJson(clientEvent('key_0123456789abcdef', T0, 1, 2)))];
    await processor.process(batch);
    expect(journal).toEqual(['store local:stories260k +2', 'store openai:gpt-4o-mini +1', 'ack', 'ack', 'ack', 'ack']);
    expect(store.added[0]).toEqual({ date: '2025-03-14', keyId: 'key_0123456789abcdef', model: 'local:stories260k', requests: 2, promptTokens: 20, completionTokens: 40 });
    expect(await metricLines(metrics.registry, 'switchyard_events_processed_total')).toEqual([
      'switchyard_events_processed_total{type="usage"} 3',
      'switchyard_events_processed_total{type="client_ratelimit"} 1',
    ]);
  });

  it('splits aggregates by UTC day, key and backend', async () => {
    await processor.process([usage(), usage({ receivedAt: T0 + 24 * 3_600_000 }), usage({ keyId: 'open' }), usage({ backend: null, status: 503 })]);
    expect(store.added.map((r) => `${r.date} ${r.keyId} ${r.model} ${r.requests}`)).toEqual([
      '2025-03-14 key_0123456789abcdef local:stories260k 1',
      '2025-03-15 key_0123456789abcdef local:stories260k 1',
      '2025-03-14 open local:stories260k 1',
      '2025-03-14 key_0123456789abcdef none 1',
    ]);
  });

  it('terminates a malformed event (never redelivered), counts it as invalid, and still processes the rest', async () => {
    const bad = message(SUBJECTS.usageEvent, encodeText('not json'));
    const good = usage();
    await processor.process([bad, good]);
    expect(bad.outcome).toBe('term');
    expect(good.outcome).toBe('ack');
    expect(warnings).toEqual(['malformed event dropped']);
    expect(await metricLines(metrics.registry, 'switchyard_events_processed_total')).toEqual([
      'switchyard_events_processed_total{type="invalid"} 1',
      'switchyard_events_processed_total{type="usage"} 1',
    ]);
  });

  it('neither counts nor acknowledges events whose aggregate could not be stored: JetStream offers them again', async () => {
    store.failing.add('openai:gpt-4o-mini');
    const lost = usage({ backend: 'openai:gpt-4o-mini' });
    const kept = usage();
    const reading = message(SUBJECTS.clientRateLimitEvent, encodeJson(clientEvent('key_0123456789abcdef', T0, 1, 2)));
    await processor.process([lost, kept, reading]);
    expect(lost.outcome).toBe(`nak ${RETRY_DELAY_MS}`);
    expect(kept.outcome).toBe('ack');
    expect(reading.outcome).toBe('ack');
    expect(await metricLines(metrics.registry, 'switchyard_requests_total')).toEqual(['switchyard_requests_total{model="auto",backend="local:stories260k",status="200",endpoint="chat/completions"} 1']);
    expect(warnings).toEqual(['usage aggregate not stored; the events will be retried']);
  });

  it('acknowledges an event offered again after it was counted (its ack was lost) without counting or storing it twice', async () => {
    const first = usage();
    await processor.process([first]);
    const again = message(first.subject, first.data, first.seq);
    const other = usage();
    await processor.process([again, other]);
    expect(again.outcome).toBe('ack');
    expect(store.added.map((r) => r.requests)).toEqual([1, 1]);
    expect(await metricLines(metrics.registry, 'switchyard_requests_total')).toEqual(['switchyard_requests_total{model="auto",backend="local:stories260k",status="200",endpoint="chat/completions"} 2']);
  });

  it('counts an event that was handed back (not counted) when it comes again', async () => {
    store.failing.add('openai:gpt-4o-mini');
    const first = usage({ backend: 'openai:gpt-4o-mini' });
    await processor.process([first]);
    store.failing.clear();
    const again = message(first.subject, first.data, first.seq);
    await processor.process([again]);
    expect(again.outcome).toBe('ack');
    expect(store.added.map((r) => `${r.model} ${r.requests}`)).toEqual(['openai:gpt-4o-mini 1']);
  });
});
