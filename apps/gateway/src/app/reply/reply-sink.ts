import type { ErrorPart, StartPart } from '@switchyard/contracts';

/**
 * Where one request's answer goes: a JSON body, SSE, or WebSocket messages. The pipeline (`deliver`) tells
 * it what happens in order; it frames the worker's rendered bytes without parsing them.
 */
export interface ReplySink {
  /** True when pieces go out as they come (a stream); false when the answer is one body, sent at `end`. */
  readonly streamed: boolean;
  /** A backend took the request: the route is known, nothing has been sent yet. */
  start(part: StartPart): void;
  /** One rendered piece: a chunk's JSON, or the whole body's. Resolves false when the client is gone. */
  write(json: Uint8Array): boolean | Promise<boolean>;
  /** The answer is complete (its usage is recorded). */
  end(): void | Promise<void>;
  /** The request failed: before a streamed start with the error's status, after it as the stream's last event. */
  fail(error: ErrorPart): void | Promise<void>;
  /** A note for the reader of a stream that no parser takes as data (an SSE comment). Resolves false when the client is gone. */
  comment?(text: string): Promise<boolean>;
}
