import { EventEmitter } from 'node:events';
import { SUBJECTS, type StreamPart, type UsageEvent } from '@switchyard/contracts';
import { createLogger } from '@switchyard/observability';
import type { StoringEventSink } from '@switchyard/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UsageRecorder } from './usage-recorder';

/** The parts of a Node response the recorder looks at. */
class FakeResponse extends EventEmitter {
  headersSent = false;
  statusCode = 200;
  writableFinished = false;
}

/** Records what was published and what was handed over (in `stored`); a hand-over is written when the test says so. */
class FakeSink implements StoringEventSink {
  readonly published: UsageEvent[] = [];
  readonly stored: UsageEvent[] = [];
  release: () => void = () => undefined;
  publish(_subject: string, event: unknown): void {
    this.published.push(event as UsageEvent);
  }
  handOver(subject: string, event: unknown): Promise<void> {
    expect(subject).toBe(SUBJECTS.usageEvent);
    this.stored.push(event as UsageEvent);
    return new Promise((resolve) => (this.release = resolve));
  }
}

async function* answer(parts: StreamPart[]): AsyncGenerator<StreamPart> {
  yield* parts;
}

const START: StreamPart = { type: 'start', backend: 'local:tiny', model: 'auto (selected: local:tiny)', workerId: 'w1' };
const WHOLE: StreamPart[] = [START, { type: 'delta', index: 0, text: 'Hi' }, { type: 'finish', index: 0, reason: 'stop' }, { type: 'usage', promptTokens: 3, completionTokens: 1, workerMs: 2 }];

describe('UsageRecorder over HTTP', () => {
  let sink: FakeSink;
  let res: FakeResponse;
  let recorder: UsageRecorder;
  const track = (parts: StreamPart[]): AsyncGenerator<StreamPart> =>
    recorder.record({} as FastifyRequest, { raw: res, elapsedTime: 7 } as unknown as FastifyReply, { requestId: 'req_1' }, { kind: 'chat', requestedModel: 'auto', streamed: true }, answer(parts));

  beforeEach(() => {
    sink = new FakeSink();
    res = new FakeResponse();
    recorder = new UsageRecorder(sink, createLogger('test', 'silent'));
  });

  it('hands an answered request’s event to the bus, and lets the caller write the answer’s end only once it is in the socket, and not again when the response closes', async () => {
    const parts = track(WHOLE);
    for (let i = 0; i < WHOLE.length; i++) await parts.next();
    expect(sink.stored).toEqual([]);
    const end = parts.next();
    let ended = false;
    void end.then(() => (ended = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sink.stored).toHaveLength(1);
    expect(ended).toBe(false);
    sink.release();
    expect((await end).done).toBe(true);
    expect(sink.stored[0]).toMatchObject({ requestId: 'req_1', status: 200, errorCode: null, backend: 'local:tiny', promptTokens: 3, completionTokens: 1 });
    res.headersSent = true;
    res.writableFinished = true;
    res.emit('close');
    expect(sink.published).toEqual([]);
  });

  it('publishes a failed request’s event when the response closes, with the status the client got', async () => {
    const parts = track([START, { type: 'error', code: 'upstream_error', message: 'failed', param: null, retryable: false }]);
    for await (const _ of parts) void _;
    expect(sink.stored).toEqual([]);
    res.headersSent = true;
    res.statusCode = 502;
    res.writableFinished = true;
    res.emit('close');
    expect(sink.published).toMatchObject([{ status: 502, errorCode: 'upstream_error' }]);
  });

  it('publishes a cancelled request’s event when the client leaves mid-answer', async () => {
    const parts = track(WHOLE);
    await parts.next();
    await parts.return(undefined);
    res.headersSent = true;
    res.emit('close');
    expect(sink.stored).toEqual([]);
    expect(sink.published).toMatchObject([{ status: 200, errorCode: 'cancelled' }]);
  });
});

describe('UsageRecorder over a WebSocket', () => {
  let sink: FakeSink;
  let recorder: UsageRecorder;
  const begin = () => recorder.begin({ requestId: 'req_ws', kind: 'chat', requestedModel: 'auto', streamed: true, keyId: 'open' }, { requestId: 'req_ws' });

  beforeEach(() => {
    sink = new FakeSink();
    recorder = new UsageRecorder(sink, createLogger('test', 'silent'));
  });

  it('answered() hands the event over and resolves once it is in the socket, and a later finish() publishes nothing', async () => {
    const recording = begin();
    for await (const _ of recording.observe(answer(WHOLE))) void _;
    let resolved = false;
    const written = recording.answered().then(() => (resolved = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sink.stored).toMatchObject([{ requestId: 'req_ws', status: 200, errorCode: null, promptTokens: 3, completionTokens: 1 }]);
    expect(resolved).toBe(false);
    sink.release();
    await written;
    recording.finish(200, false);
    expect(sink.published).toEqual([]);
    expect(sink.stored).toHaveLength(1);
  });

  it('finish() without an answer publishes the status the client was told', async () => {
    const recording = begin();
    for await (const _ of recording.observe(answer([START, { type: 'error', code: 'upstream_error', message: 'failed', param: null, retryable: false }]))) void _;
    recording.finish(502, false);
    expect(sink.stored).toEqual([]);
    expect(sink.published).toMatchObject([{ requestId: 'req_ws', status: 502, errorCode: 'upstream_error' }]);
  });
});
