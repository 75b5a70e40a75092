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

  constructor(
    private readonly sendControl: SendMessage,
    sendData: SendMessage,
    cancelSubject: string,
    private readonly classify: (chunk: Uint8Array) => ChunkRole,
    options: OutboxOptions,
  ) {
    this.control = new StreamOutbox((payload, headers) => sendControl(payload, this.mark(headers)), cancelSubject, {
      ackWithinMs: options.ackWithinMs,
    });
    this.data = new StreamOutbox(sendData, cancelSubject, {
      batchWindowMs: options.batchWindowMs,
      hold: options.hold,
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
    if (role !== 'data') this.reports.push(chunk);
  }

  /**
   * The gateway hears the end only of data it has (or gets now). A stream with none is the router's to end,
   * and so is one whose handler failed after its output began: the router sends the client the error that
   * names the backend, after the data that had left.
   */
  finish(frame: typeof FRAMES.end | typeof FRAMES.error, payload: Uint8Array = EMPTY): void {
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
    this.data.discard();
    this.control.discard();
    this.sendControl(EMPTY, frameHeaders(FRAMES.cancelled));
  }

  private beforeDataSent(chunks: readonly Uint8Array[]): void {
    // The first data message must reach the router as a report even when it holds none of its own.
    if (!this.dataStarted && this.reports.length === 0) this.reports.push(chunks[0]);
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
