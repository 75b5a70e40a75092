import type { Msg } from 'nats';
import { NoRespondersError, RemoteHandlerError, StreamAbortedError } from './errors';
import { CANCEL_HEADER, DATA_SENT_HEADER, decodeBatch, FRAME_HEADER, FRAMES, type Control, type Frame } from './frames';
import { decodeText } from './json';
import type { ChunkObserver } from './transport';

/** What a requested stream asks of the transport that carries it. */
export interface RequestedStreamHooks {
  /** The stream is over, however it ended: stop routing its replies here. */
  done(): void;
  /** The requester left before the end: tell the responder (at `cancelTo`) to stop; or ask it for `control`. */
  cancel(cancelTo: string, control?: Control): void;
  /** The responder says its data has gone straight to `dataTo` (a stream this process serves). */
  handedOff(): void;
}

/**
 * One streamed request's replies as they arrive, pushed to an observer: data chunks (a batch unpacked), then
 * the end, or the failure (the responder's error frame, no responders, a cancel from the other side). The
 * transport's sweep times it out through `fail` when it stays silent longer than `silenceLimitMs` (the ack
 * timeout until the responder acknowledges, then the idle timeout) or passes its deadline.
 */
export class RequestedStream {
  /** Epoch ms of the last arrival (or of creation). */
  lastActivity = Date.now();
  /** Which timeout applies while silent. */
  phase: 'ack' | 'idle' = 'ack';
  silenceLimitMs: number;
  private cancelTo: string | undefined;
  private over = false;
  /** What was asked of the responder before it said where to ask. */
  private asked: Control[] = [];

  constructor(
    private readonly subject: string,
    private readonly limits: { ackTimeoutMs: number; idleTimeoutMs: number; deadline?: number },
    private readonly observer: ChunkObserver,
    private readonly hooks: RequestedStreamHooks,
  ) {
    this.silenceLimitMs = limits.ackTimeoutMs;
  }

  /** Epoch ms at which the stream fails regardless of activity. */
  get deadline(): number {
    return this.limits.deadline ?? Number.POSITIVE_INFINITY;
  }

  get failed(): boolean {
    return this.over;
  }

  /** One reply message. */
  push(msg: Msg): void {
    if (this.over) return;
    this.lastActivity = Date.now();
    const headers = msg.headers;
    if (headers === undefined) return this.observer.next(msg.data);
    if (headers.hasError) {
      return this.end(() => this.observer.error(headers.code === 503 ? new NoRespondersError(this.subject) : new RemoteHandlerError(this.subject, `${headers.code} ${headers.description}`)));
    }
    const frame = headers.get(FRAME_HEADER) as Frame | '';
    const cancel = headers.get(CANCEL_HEADER);
    if (cancel !== '') {
      // The ack, alone or on the first data; a handed-off stream's data names the worker, which then takes
      // the cancel instead of the router that acknowledged first. A router's ack that comes after the worker's
      // data (its hold ran out before it heard the data was sent) does not take the cancel back.
      if (this.cancelTo === undefined) {
        this.phase = 'idle';
        this.silenceLimitMs = this.limits.idleTimeoutMs;
        this.cancelTo = cancel;
        for (const control of this.asked) this.hooks.cancel(cancel, control);
        this.asked = [];
      } else if (frame !== FRAMES.ack) this.cancelTo = cancel;
    }
    if (headers.get(DATA_SENT_HEADER) !== '') this.hooks.handedOff();
    if (frame === '' || frame === FRAMES.data) this.observer.next(msg.data);
    else if (frame === FRAMES.batch) this.each(msg.data);
    else if (frame === FRAMES.last) {
      this.each(msg.data);
      this.end(() => this.observer.complete());
    } else if (frame === FRAMES.end) this.end(() => this.observer.complete());
    else if (frame === FRAMES.error) this.end(() => this.observer.error(new RemoteHandlerError(this.subject, decodeText(msg.data))));
    else if (frame === FRAMES.cancelled) this.end(() => this.observer.error(new StreamAbortedError()));
  }

  /** Asks the responder for `control` (release a gated stream, withdraw), now or once it says where to ask. */
  ask(control: Control): void {
    if (this.over) return;
    if (this.cancelTo === undefined) this.asked.push(control);
    else this.hooks.cancel(this.cancelTo, control);
  }

  /** Ends the stream with `error` (a timeout, the bus lost), cancelling the responder's work. */
  fail(error: Error): void {
    if (this.over) return;
    this.cancelResponder();
    this.end(() => this.observer.error(error));
  }

  /** The requester left: the responder is told to stop; the observer hears nothing more. */
  leave(): void {
    if (this.over) return;
    this.cancelResponder();
    this.end(() => undefined);
  }

  private each(batch: Uint8Array): void {
    for (const chunk of decodeBatch(batch)) {
      if (this.over) return;
      this.observer.next(chunk);
    }
  }

  private cancelResponder(): void {
    if (this.cancelTo !== undefined) this.hooks.cancel(this.cancelTo);
  }

  private end(notify: () => void): void {
    this.over = true;
    this.hooks.done();
    notify();
  }
}
