import { Writable } from 'node:stream';
import { EVENTS_STREAM, SUBJECTS, type UpstreamRateLimitEvent } from '@switchyard/contracts';
import { NatsTransport } from '@switchyard/nats';
import { startFakeOpenAI, startTestNats, storedEvents, type FakeUpstream, type TestNats } from '@switchyard/testing';
import pino from 'pino';
import { inferParts, startCloudWorker, type RunningCloudWorker } from './testing/cloud-worker-harness';

jest.setTimeout(30_000);

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
/** Between two events of the fake provider's stream, in ms. */
const CHUNK_DELAY_MS = 20;

describe('worker-cloud: rate-limit events, its own time in usage, traced log lines (real NATS, fake OpenAI)', () => {
  const since = new Date(Date.now() - 1_000);
  const lines: Array<Record<string, unknown>> = [];
  let nats: TestNats;
  let bus: NatsTransport;
  let upstream: FakeUpstream;
  let worker: RunningCloudWorker;

  beforeAll(async () => {
    nats = await startTestNats();
    bus = await NatsTransport.connect({ url: nats.url, name: 'worker-cloud-events-test' });
    upstream = await startFakeOpenAI({ chunkDelayMs: CHUNK_DELAY_MS });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done): void {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const provider = { name: 'oai', kind: 'openai-compatible', baseUrl: upstream.url, maxRetries: 1, models: ['gpt-4o-mini'] };
    worker = await startCloudWorker(nats.url, provider, {}, pino({ level: 'debug', base: { service: 'worker-cloud' } }, sink));
  });

  afterAll(async () => {
    await worker?.close();
    await bus?.close(0);
    await upstream?.close();
    await nats?.stop();
  });

  it('stores the provider’s rate-limit readings in the events stream', async () => {
    const [event] = await storedEvents<UpstreamRateLimitEvent>({
      url: nats.url,
      stream: EVENTS_STREAM.name,
      subject: SUBJECTS.upstreamRateLimitEvent,
      since,
      match: (e) => e.workerId === worker.workerId,
    });
    expect(event).toMatchObject({ workerId: worker.workerId, provider: 'oai', rateLimits: { requests: { limit: expect.any(Number), remaining: expect.any(Number) } } });
  });

  it.each<[string, boolean]>([
    ['streamed', true],
    ['whole', false],
  ])('reports its own time on the usage part of a %s answer', async (_name, stream) => {
    const started = performance.now();
    const parts = await inferParts(bus, worker.workerId, { kind: 'chat', body: { model: 'oai:gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream } });
    const elapsed = performance.now() - started;
    const usage = parts.at(-1);
    if (usage?.type !== 'usage') throw new Error(`expected usage last, got ${JSON.stringify(usage)}`);
    expect(usage.workerMs).toBeGreaterThan(0);
    expect(usage.workerMs).toBeLessThan(elapsed);
    // The fake provider streams its answer in several events, CHUNK_DELAY_MS apart.
    if (stream) expect(usage.workerMs).toBeGreaterThanOrEqual(2 * CHUNK_DELAY_MS);
  });

  it('logs every line about a request with its id and traceparent from the NATS headers', async () => {
    const requestId = `traced-${process.pid}`;
    await inferParts(bus, worker.workerId, { kind: 'chat', body: { model: 'oai:gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] } }, { 'x-request-id': requestId, traceparent: TRACEPARENT });
    const mine = lines.filter((line) => JSON.stringify(line).includes(requestId));
    expect(mine.map((line) => line['msg'])).toContain('upstream answered');
    for (const line of mine) expect(line).toMatchObject({ requestId, traceparent: TRACEPARENT });
  });
});
