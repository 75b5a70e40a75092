import type { Msg, MsgHdrs } from 'nats';
import { ACK_WITHIN_HEADER, CONTROL_HEADER, CONTROLS, DATA_TO_HEADER, FRAMES, GATE_HEADER, HOLD_HEADER } from './frames';
import { untilSettled } from './gate';
import { HandoffOutbox } from './handoff-outbox';
import { decodeText, encodeText } from './json';
import { messageOf, toInbound } from './nats-messages';
import { StreamOutbox, type ServedOutbox } from './stream-outbox';
import type { ChunkRole, ChunkSource, ServeOptions, StreamHandler } from './transport';

/** A stream this process is serving. */
interface ServedStream {
  controller: AbortController;
  outbox: ServedOutbox;
}

/** Sends one message, when the connection is still open. */
export type Send = (subject: string, payload: Uint8Array, headers?: MsgHdrs) => void;

const allReports = (): ChunkRole => 'report';

/**
 * The streams a transport serves: each runs its handler into an outbox (replies to the requester, or
 * handed off: data to the gateway's inbox and reports to the requester), obeys the requester's cancel,
 * release and withdraw, and is kept alive while quiet.
 */
export class ServedStreams {
  private readonly byReply = new Map<string, ServedStream>();
  /** Handed-off streams, by the subject their data goes to: the gateway cancels by the inbox it waits on. */
  private readonly byDataTo = new Map<string, ServedStream>();

  /** `cancelSubject` is where this process hears cancels; requesters learn it from each stream's first message. */
  constructor(
    private readonly send: Send,
    private readonly cancelSubject: string,
  ) {}

  get size(): number {
    return this.byReply.size;
  }

  /** The outbox of the stream served to `reply` (a router's, whose reply is the inbox it hands the data off to). */
  outboxOf(reply: string): ServedOutbox | undefined {
    return this.byReply.get(reply)?.outbox;
  }

  /** A requester's message on the cancel subject: release a gated stream, withdraw it, or cancel it. */
  onControl(msg: Msg): void {
    const subject = decodeText(msg.data);
    const stream = this.byReply.get(subject) ?? this.byDataTo.get(subject);
    if (stream === undefined) return;
    const control = msg.headers?.get(CONTROL_HEADER) ?? '';
    if (control === CONTROLS.release) return stream.outbox.open?.();
    // A withdrawn stream whose data has left goes on: its requester hears so from the report copies.
    if (control === CONTROLS.withdraw && stream.outbox.sentData) return;
    // Nothing more leaves from now on, not even what the handler queued this turn: the requester's view is final.
    stream.outbox.discard();
    stream.controller.abort();
  }

  /** Sends keepalives on the streams that have been quiet for `keepaliveMs`. */
  keepalive(now: number, keepaliveMs: number): void {
    for (const stream of this.byReply.values()) stream.outbox.keepalive(now, keepaliveMs);
  }

  /** Aborts every stream still served (the grace period of a close is over). */
  abortAll(): void {
    for (const stream of this.byReply.values()) stream.controller.abort();
  }

  /** Serves the request `msg` with `handler` until its answer is sent, the requester leaves, or it fails. */
  async run(msg: Msg, reply: string, handler: StreamHandler, options: ServeOptions): Promise<void> {
    const ackWithin = Number(msg.headers?.get(ACK_WITHIN_HEADER) || Number.NaN);
    const dataTo = msg.headers?.get(DATA_TO_HEADER) ?? '';
    const sender =
      (subject: string) =>
      (payload: Uint8Array, headers?: MsgHdrs): void =>
        this.send(subject, payload, headers);
    const outboxOptions = { ackWithinMs: Number.isFinite(ackWithin) ? ackWithin : undefined, batchWindowMs: options.batchWindowMs ?? 0 };
    const outbox: ServedOutbox =
      dataTo === ''
        ? new StreamOutbox(sender(reply), this.cancelSubject, outboxOptions)
        : new HandoffOutbox(sender(reply), sender(dataTo), this.cancelSubject, options.classify ?? allReports, {
            ...outboxOptions,
            hold: msg.headers?.get(HOLD_HEADER) === '1',
            gate: msg.headers?.get(GATE_HEADER) === '1',
          });
    const stream: ServedStream = { controller: new AbortController(), outbox };
    this.byReply.set(reply, stream);
    if (dataTo !== '') this.byDataTo.set(dataTo, stream);
    const signal = stream.controller.signal;
    try {
      const chunks = handler(toInbound(msg), signal);
      if (Symbol.asyncIterator in chunks) await pull(chunks, outbox, signal);
      else await take(chunks, outbox, signal);
      if (outbox.settled !== undefined && !signal.aborted) await untilSettled(outbox.settled, signal);
      if (signal.aborted) outbox.discard();
    } catch (error) {
      if (signal.aborted) outbox.discard();
      else outbox.finish(FRAMES.error, encodeText(messageOf(error)));
    } finally {
      this.byReply.delete(reply);
      if (dataTo !== '') this.byDataTo.delete(dataTo);
    }
  }
}

/** Sends what an async iterable yields, then the end (nothing more once the requester has gone). */
async function pull(chunks: AsyncIterable<Uint8Array>, outbox: ServedOutbox, signal: AbortSignal): Promise<void> {
  for await (const chunk of chunks) {
    if (signal.aborted) break;
    outbox.push(chunk);
  }
  if (signal.aborted) outbox.discard();
  else outbox.finish(FRAMES.end);
}

/** Sends what a source pushes, then its end or failure; unsubscribes when the requester goes away. Resolves once it is over. */
function take(source: ChunkSource, outbox: ServedOutbox, signal: AbortSignal): Promise<void> {
  if (signal.aborted) {
    outbox.discard();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    let over = false;
    const end = (close: () => void): void => {
      if (over) return;
      over = true;
      signal.removeEventListener('abort', onAbort);
      close();
      resolve();
    };
    const subscription = source.subscribe({
      next: (chunk) => {
        if (!over) outbox.push(chunk);
      },
      error: (error) => end(() => outbox.finish(FRAMES.error, encodeText(messageOf(error)))),
      complete: () => end(() => outbox.finish(FRAMES.end)),
    });
    function onAbort(): void {
      end(() => {
        subscription.unsubscribe();
        outbox.discard();
      });
    }
    if (!over) signal.addEventListener('abort', onAbort, { once: true });
  });
}
