import { SUBJECTS, type ReplyPart, type UsageEvent } from '@switchyard/contracts';
import { createLogger } from '@switchyard/observability';
import type { StoringEventSink } from '@switchyard/runtime';
import { UsageRecorder } from './usage-recorder';

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

const START: ReplyPart = { type: 'start', backend: 'local:tiny', model: 'auto (selected: local:tiny)', workerId: 'w1' };
const WHOLE: ReplyPart[] = [START, { type: 'rendered', output: true, json: Buffer.from('{}') }, { type: 'usage', promptTokens: 3, completionTokens: 1, workerMs: 2 }];

describe('UsageRecorder', () => {
  let sink: FakeSink;
  let recorder: UsageRecorder;
  const begin = () => recorder.begin({ requestId: 'req_ws', kind: 'chat', endpoint: 'chat/completions', requestedModel: 'auto', streamed: true, keyId: 'open' }, { requestId: 'req_ws' });

  beforeEach(() => {
    sink = new FakeSink();
    recorder = new UsageRecorder(sink, createLogger('test', 'silent'));
  });

  it('answered() hands the event over and resolves once it is in the socket, and a later finish() publishes nothing', async () => {
    const recording = begin();
    WHOLE.forEach((part) => recording.note(part));
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
    [START, { type: 'error', code: 'upstream_error', message: 'failed', param: null, retryable: false } as const].forEach((part) => recording.note(part));
    recording.finish(502, false);
    expect(sink.stored).toEqual([]);
    expect(sink.published).toMatchObject([{ requestId: 'req_ws', status: 502, errorCode: 'upstream_error' }]);
  });

  it('times the request from its arrival when told how long ago that was (an HTTP request)', () => {
    const recording = recorder.begin({ requestId: 'req_http', kind: 'chat', endpoint: 'chat/completions', requestedModel: 'auto', streamed: false, keyId: 'open' }, { requestId: 'req_http' }, () => 42);
    recording.finish(499, true);
    expect(sink.published).toMatchObject([{ requestId: 'req_http', status: 499, errorCode: 'cancelled', durationMs: 42 }]);
  });
});
