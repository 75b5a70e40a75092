import type { ErrorPart, StartPart } from '@switchyard/contracts';
import { bufferOf } from '../reply/http-sinks';
import type { ReplySink } from '../reply/reply-sink';

/** A Response object as the worker rendered it. */
export type RenderedResponse = Record<string, unknown> & { id: string; output: unknown[]; store?: unknown };

/** The events that carry a finished response (in `response`): the ones to keep. */
const FINAL_EVENTS = ['{"type":"response.completed"', '{"type":"response.incomplete"'].map((prefix) => Buffer.from(prefix));

function startsWith(json: Uint8Array, prefix: Buffer): boolean {
  return bufferOf(json).subarray(0, prefix.byteLength).equals(prefix);
}

/**
 * Keeps a finished Response before the client sees it end: in a stream, the `response.completed` (or
 * `response.incomplete`) event waits until `keep` resolves, the other events pass untouched and unparsed; a whole
 * answer waits as one body. When `keep` fails, the response goes on with `store: false`, which is then the truth.
 */
export class StoringSink implements ReplySink {
  constructor(
    private readonly inner: ReplySink,
    private readonly keep: (response: RenderedResponse) => Promise<boolean>,
  ) {}

  get streamed(): boolean {
    return this.inner.streamed;
  }

  start(part: StartPart): void {
    this.inner.start(part);
  }

  async write(json: Uint8Array): Promise<boolean> {
    if (!this.inner.streamed) return this.inner.write(await this.kept(json, (body) => body as RenderedResponse));
    if (!FINAL_EVENTS.some((prefix) => startsWith(json, prefix))) return this.inner.write(json);
    return this.inner.write(await this.kept(json, (event) => (event as { response: RenderedResponse }).response));
  }

  end(): void | Promise<void> {
    return this.inner.end();
  }

  fail(error: ErrorPart): void | Promise<void> {
    return this.inner.fail(error);
  }

  /** The rendered JSON once its response is kept; re-rendered with `store: false` when it could not be. */
  private async kept(json: Uint8Array, responseIn: (value: unknown) => RenderedResponse): Promise<Uint8Array> {
    const value: unknown = JSON.parse(bufferOf(json).toString('utf8'));
    const response = responseIn(value);
    if (await this.keep(response)) return json;
    response.store = false;
    return Buffer.from(JSON.stringify(value));
  }
}
