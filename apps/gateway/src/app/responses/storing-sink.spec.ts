import type { ErrorPart, StartPart } from '@switchyard/contracts';
import type { ReplySink } from '../reply/reply-sink';
import { StoringSink, type RenderedResponse } from './storing-sink';

/** Records what reaches it, as text. */
class RecordingSink implements ReplySink {
  readonly written: string[] = [];
  ended = false;
  constructor(readonly streamed: boolean) {}
  started: StartPart | undefined;
  failed: ErrorPart | undefined;
  start(part: StartPart): void {
    this.started = part;
  }
  write(json: Uint8Array): boolean {
    this.written.push(Buffer.from(json).toString('utf8'));
    return true;
  }
  end(): void {
    this.ended = true;
  }
  fail(error: ErrorPart): void {
    this.failed = error;
  }
}

const bytes = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));
const RESPONSE = { id: 'resp_1', object: 'response', status: 'completed', output: [{ type: 'message' }], store: true };

describe('StoringSink', () => {
  it('passes the events of a stream through untouched and holds the completed one until it is kept', async () => {
    const inner = new RecordingSink(true);
    const kept: RenderedResponse[] = [];
    let release: (ok: boolean) => void = () => undefined;
    const sink = new StoringSink(inner, (response) => {
      kept.push(response);
      return new Promise<boolean>((resolve) => (release = resolve));
    });
    const delta = '{"type":"response.output_text.delta","delta":"Hi","sequence_number":4}';
    await sink.write(Buffer.from(delta));
    expect(kept).toEqual([]);
    const completed = JSON.stringify({ type: 'response.completed', response: RESPONSE, sequence_number: 5 });
    const writing = sink.write(Buffer.from(completed));
    await new Promise((resolve) => setImmediate(resolve));
    expect(inner.written).toEqual([delta]);
    expect(kept).toEqual([RESPONSE]);
    release(true);
    expect(await writing).toBe(true);
    expect(inner.written).toEqual([delta, completed]);
  });

  it('keeps an incomplete response too, and says store: false when it could not be kept', async () => {
    const inner = new RecordingSink(true);
    const sink = new StoringSink(inner, async () => false);
    await sink.write(bytes({ type: 'response.incomplete', response: { ...RESPONSE, status: 'incomplete' }, sequence_number: 9 }));
    expect(JSON.parse(inner.written[0] ?? '')).toEqual({ type: 'response.incomplete', response: { ...RESPONSE, status: 'incomplete', store: false }, sequence_number: 9 });
  });

  it('keeps a whole answer as its body', async () => {
    const inner = new RecordingSink(false);
    const kept: RenderedResponse[] = [];
    const sink = new StoringSink(inner, async (response) => (kept.push(response), true));
    await sink.write(bytes(RESPONSE));
    sink.end();
    expect(kept).toEqual([RESPONSE]);
    expect(inner.written).toEqual([JSON.stringify(RESPONSE)]);
    expect(inner.ended).toBe(true);
  });
});
