import type { ServerResponse } from 'node:http';
import { sleep } from './server';

/** Delays of one stream. */
export interface SsePacing {
  /** Wait between two events. */
  gapMs: number;
  /** Wait before every event, the first included. */
  beforeEachMs: number;
}

/** The bytes of one server-sent event: optional `event:` line, one `data:` line per line of data, blank line. */
export function sseFrame(data: string, event?: string): string {
  const lines = data.split('\n').map((line) => `data: ${line}\n`);
  return `${event === undefined ? '' : `event: ${event}\n`}${lines.join('')}\n`;
}

/**
 * Writes server-sent events to a response whose headers are already sent, pacing them and waiting for
 * each write to reach the socket (so a stream cut after it is cut after those bytes).
 */
export class SseWriter {
  private first = true;

  constructor(
    private readonly res: ServerResponse,
    private readonly signal: AbortSignal,
    private readonly pacing: SsePacing,
  ) {}

  /** Writes one event whose data is `value` as JSON; false when the client has gone away. */
  json(value: object, event?: string): Promise<boolean> {
    return this.send(JSON.stringify(value), event);
  }

  /** Writes one event with `data` as is; false when the client has gone away. */
  async send(data: string, event?: string): Promise<boolean> {
    if (!this.first) await sleep(this.pacing.gapMs, this.signal);
    this.first = false;
    await sleep(this.pacing.beforeEachMs, this.signal);
    if (this.signal.aborted) return false;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.signal.removeEventListener('abort', done);
        resolve();
      };
      this.signal.addEventListener('abort', done, { once: true });
      this.res.write(sseFrame(data, event), done);
    });
    return !this.signal.aborted;
  }

  /** Ends the stream normally. */
  end(): void {
    this.res.end();
  }

  /** Cuts the connection without ending the HTTP response (no terminating chunk). */
  cut(): void {
    this.res.socket?.destroy();
  }
}

/** Headers of an SSE response. */
export const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' } as const;
