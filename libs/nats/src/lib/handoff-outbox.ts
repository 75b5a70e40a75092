import { headers as natsHeaders, type MsgHdrs } from 'nats';
import { DATA_SENT_HEADER, frameHeaders, FRAMES } from './frames';
import { StreamOutbox, type OutboxOptions, type SendMessage, type ServedOutbox } from './stream-outbox';
import type { ChunkRole } from './transport';

const EMPTY = new Uint8Array(0);

/**
 * The sending side of a stream whose data goes to someone other than its requester: the gateway asked a
 * router, the router forwarded to this worker and waits on the reply subject for control, the gateway
 * waits on `dataTo` for the data. Two outboxes: data to the gateway, control to the router.
 *
 * - data: every chunk, batched as usual; its first message names the cancel subject, so the gateway
 *   cancels here directly. Held until the end for an answer that is not streamed.
 * - control: the ack; a copy of each `report` chunk as it leaves as data (start, finish, usage, a failure
 *   after output), published just before the data message, so both go out in the same socket write, control
 *   first: whenever the gateway has data, the router's copy is on its way (a worker killed between two writes
 *   cannot leave the router thinking nothing was sent); keepalives; the end.
 * - a `failure` before any data has left goes to control only (queued data is dropped): the router can
 *   still try another backend, and the gateway has seen nothing.
 * - gated (a hedge): the data waits until `open`, while the copies of its reports go to control at once, so
 *   the router knows there is output before the gateway sees any of it. A handler that ends before the gate
 *   opens keeps its end until then (`settled`); a cancel discards it all.
 */
export class HandoffOutbox implements ServedOutbox {
  private readonly control: StreamOutbox;
  private readonly data: StreamOutbox;
  /** Report chunks waiting for the data message that carries them. */
  private reports: Uint8Array[] = [];
  private refused = false;
  private announced = false;
  private dataStarted = false;
  /** Within `finish`: the reports go out with the control's end, in the same turn (so the same socket write) as the data. */
  private finishing = false;
  /** Gated and not yet opened. */
  private gated: boolean;
  /** The first chunk went to control while gated: it is no report to copy again when the data leaves. */
  private copiedFirst = false;
  /** The end the handler reached while gated, kept until the gate opens. */
  private deferredEnd = false;
  private discarded = false;
  private readonly wholeAnswer: boolean;
  private settle: (() => void) | undefined;
  settled: Promise<void> | undefined;

  constructor(
    private readonly sendControl: SendMessage,
    sendData: SendMessage,
    cancelSubject: string,
    private readonly classify: (chunk: Uint8Array) => ChunkRole,
    options: OutboxOptions & { gate?: boolean },
  ) {
    this.gated = options.gate === true;
    this.wholeAnswer = options.hold === true;
    this.control = new StreamOutbox((payload, headers) => sendControl(payload, this.mark(headers)), cancelSubject, {
      ackWithinMs: options.ackWithinMs,
    });
    this.data = new StreamOutbox(sendData, cancelSubject, {
      batchWindowMs: options.batchWindowMs,
      hold: options.hold === true || this.gated,
      strictHold: this.gated,
      silentUntilData: true,
      beforeSend: (chunks) => this.beforeDataSent(chunks),
    });
  }

  push(chunk: Uint8Array): void {
    if (this.refused) return;
    const role = this.classify(chunk);
    if (role === 'failure' && !this.data.sentData) {
      this.refused = true;
      this.reports = [];
      this.data.discard();
      this.control.push(chunk);
      return;
    }
    this.data.push(chunk);
    if (this.gated) {
      if (role !== 'data' || !this.copiedFirst) this.control.push(chunk);
      this.copiedFirst = true;
    } else if (role !== 'data') this.reports.push(chunk);
  }

  get sentData(): boolean {
    return this.data.sentData;
  }

  /** The gate opens: the data leaves (with the end, when the handler has finished); the router hears it has. */
  open(): void {
    if (!this.gated || this.discarded) return;
    this.gated = false;
    if (this.refused) return;
    if (this.deferredEnd) {
      this.finishNow(FRAMES.end, EMPTY);
      this.settle?.();
      return;
    }
    // A held answer (not streamed) still leaves whole, at its end.
    if (!this.wholeAnswer) this.data.unhold();
    if (this.data.sentData) this.sendControl(EMPTY, this.mark(frameHeaders(FRAMES.keepalive)));
  }

  /**
   * The gateway hears the end only of data it has (or gets now). A stream with none is the router's to end,
   * and so is one whose handler failed after its output began: the router sends the client the error that
   * names the backend, after the data that had left.
   */
  finish(frame: typeof FRAMES.end | typeof FRAMES.error, payload: Uint8Array = EMPTY): void {
    if (this.gated && frame === FRAMES.end && !this.refused) {
      this.deferredEnd = true;
      this.settled = new Promise((resolve) => (this.settle = resolve));
      return;
    }
    this.finishNow(frame, payload);
  }

  private finishNow(frame: typeof FRAMES.end | typeof FRAMES.error, payload: Uint8Array): void {
    this.finishing = true;
    if (this.refused) this.data.discard();
    else if (frame === FRAMES.end && (this.data.sentData || this.data.holding)) this.data.finish(FRAMES.end);
    else if (frame === FRAMES.error && this.data.sentData) this.data.release();
    else this.data.discard();
    this.control.finish(frame, payload);
  }

  keepalive(now: number, quietMs: number): void {
    this.control.keepalive(now, quietMs);
    this.data.keepalive(now, quietMs);
  }

  /** The work was cancelled: nothing more for the gateway; the router, which may still wait, hears it. */
  discard(): void {
    if (this.discarded) return;
    this.discarded = true;
    this.settle?.();
    this.data.discard();
    this.control.discard();
    this.sendControl(EMPTY, frameHeaders(FRAMES.cancelled));
  }

  private beforeDataSent(chunks: readonly Uint8Array[]): void {
    // The first data message must reach the router as a report even when it holds none of its own.
    if (!this.dataStarted && this.reports.length === 0 && !this.copiedFirst) this.reports.push(chunks[0]);
    this.dataStarted = true;
    if (this.reports.length === 0) return;
    for (const chunk of this.reports) this.control.push(chunk);
    this.reports = [];
    if (!this.finishing) this.control.flushNow();
  }

  /** Control messages after the first data say so (once is enough: the router marks the handoff). */
  private mark(headers: MsgHdrs | undefined): MsgHdrs | undefined {
    if (!this.dataStarted || this.announced) return headers;
    this.announced = true;
    const marked = headers ?? natsHeaders();
    marked.set(DATA_SENT_HEADER, '1');
    return marked;
  }
}
