import type { MsgHdrs } from 'nats';
import { CANCEL_HEADER, encodeBatch, frameHeaders, FRAMES } from './frames';

/** Longest a responder holds its ack back, hoping the first data will carry it. */
export const MAX_ACK_DELAY_MS = 20;
/** A batch is sent at once when its chunks reach this many bytes (NATS refuses payloads over 1 MiB). */
const MAX_BATCH_BYTES = 256 * 1024;
const EMPTY = new Uint8Array(0);

/** Publishes one message on the stream's reply subject. */
export type SendMessage = (payload: Uint8Array, headers?: MsgHdrs) => void;

/** How a stream's messages go out. */
export interface OutboxOptions {
  /** The requester's ack timeout, from its request; undefined (an older requester) acks at once. */
  ackWithinMs?: number;
  /** Least time between two data messages while chunks keep coming (0: one message per turn). */
  batchWindowMs?: number;
  /** Never acknowledges alone: the first data message is the ack (the data half of a handed-off stream). */
  silentUntilData?: boolean;
  /** Keeps every chunk until `finish` (an answer that is not streamed: nothing of it leaves before its end). */
  hold?: boolean;
  /** With `hold`: nothing leaves before `unhold` or `finish`, however much is queued (a gated stream). */
  strictHold?: boolean;
  /** Told of the chunks of every data message just before it is sent (what it publishes then leaves first). */
  beforeSend?: (chunks: readonly Uint8Array[]) => void;
}

/** What the transport needs of the sending side of a served stream. */
export interface ServedOutbox {
  push(chunk: Uint8Array): void;
  finish(frame: typeof FRAMES.end | typeof FRAMES.error, payload?: Uint8Array): void;
  keepalive(now: number, quietMs: number): void;
  discard(): void;
  /** Another responder now writes to this stream's requester (see `NatsTransport.requestStream`'s `dataTo`). */
  handOff?(): void;
  /** True once a data message has gone out (a withdrawn stream then goes on). */
  readonly sentData: boolean;
  /** A gated stream: its data may leave now. */
  open?(): void;
  /** A gated stream whose handler finished before it was opened: resolves once it is opened or discarded. */
  readonly settled?: Promise<void>;
}

/**
 * The sending side of one served stream. Chunks the handler yields during one turn of the event loop
 * go out as a single message (a batch) at the end of that turn, so a backend answering at once (start,
 * text, finish and usage together) costs one message instead of four; the last batch carries the end.
 *
 * With a batch window, once chunks keep coming (the last two messages went out less than a window
 * apart), the next is held until a window has passed since the last message, so a model generating a
 * token every millisecond sends several per message. A chunk after a quiet spell, and the first two of
 * a stream (a start part, then the first token), leave at once: time to first token is untouched, and
 * no chunk waits longer than the window.
 *
 * The ack is held back as well, up to a quarter of the requester's ack timeout and at most
 * `MAX_ACK_DELAY_MS`: when data is ready by then, the first data message carries the cancel subject
 * and is the ack, saving a message and a wake-up of the requester. Otherwise the ack goes alone.
 *
 * Handed off (another responder answers the requester directly), the outbox sends no ack and no end of its
 * own unless something is pushed after the handoff (then it owns the end again); its keepalives go on, so the
 * requester notices this process dying, not only the one that answers.
 *
 * A requester that did not say its ack timeout predates batches (a service of an older version during
 * a rolling upgrade): it gets the ack at once and every chunk as a message of its own, which is all it
 * understands.
 */
export class StreamOutbox implements ServedOutbox {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private acked = false;
  private flushScheduled = false;
  private ackTimer: NodeJS.Timeout | undefined;
  private windowTimer: NodeJS.Timeout | undefined;
  /** Keeping every chunk until the end or `unhold` (`options.hold`, or a gated stream not yet opened). */
  private hold: boolean;
  private strictHold: boolean;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  /** Time between the last two data messages. */
  private lastGap = Number.POSITIVE_INFINITY;
  private closed = false;
  private handedOff = false;
  /** Epoch ms of the last message sent (for keepalives). */
  lastSent = Date.now();
  /** The requester understands batches and a late ack. */
  private readonly batches: boolean;
  private readonly batchWindowMs: number;

  constructor(
    private readonly send: SendMessage,
    private readonly cancelSubject: string,
    private readonly options: OutboxOptions = {},
  ) {
    const { ackWithinMs } = options;
    this.batches = ackWithinMs !== undefined || options.silentUntilData === true;
    this.batchWindowMs = options.batchWindowMs ?? 0;
    this.hold = options.hold === true;
    this.strictHold = options.strictHold === true;
    if (options.silentUntilData) return;
    const delay = ackWithinMs === undefined ? 0 : Math.min(MAX_ACK_DELAY_MS, Math.floor(ackWithinMs / 4));
    if (delay > 0) this.ackTimer = setTimeout(() => this.ack(), delay);
    else this.ack();
  }

  /** True once a data message has gone out. */
  get sentData(): boolean {
    return this.lastFlushAt !== Number.NEGATIVE_INFINITY;
  }

  /** True while chunks wait to be sent. */
  get holding(): boolean {
    return this.pending.length > 0;
  }

  /** Queues a chunk; it leaves at the end of this turn of the event loop (held ones at the end). */
  push(chunk: Uint8Array): void {
    if (this.closed) return;
    this.handedOff = false;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= MAX_BATCH_BYTES && !this.strictHold) return this.flush();
    if (this.flushScheduled || this.hold) return;
    this.flushScheduled = true;
    const wait = this.lastGap < this.batchWindowMs ? this.batchWindowMs - (performance.now() - this.lastFlushAt) : 0;
    if (wait <= 0) setImmediate(() => this.flush());
    else this.windowTimer = setTimeout(() => this.flush(), wait);
  }

  /** Sends what is queued with the final frame (`end`, or `error` with its message). */
  finish(frame: typeof FRAMES.end | typeof FRAMES.error, payload: Uint8Array = EMPTY): void {
    if (this.closed) return;
    if (frame === FRAMES.end && this.batches && this.pending.length > 0) {
      this.flush(true);
    } else {
      this.flush();
      if (!(this.handedOff && frame === FRAMES.end)) this.send(payload, frameHeaders(frame));
    }
    this.close();
  }

  /** Sends a keepalive when nothing has gone out for `quietMs`. */
  keepalive(now: number, quietMs: number): void {
    if (this.closed || !this.acked || now - this.lastSent < quietMs) return;
    this.send(EMPTY, frameHeaders(FRAMES.keepalive));
    this.lastSent = now;
  }

  /** Sends what is queued now, not at the end of this turn. */
  flushNow(): void {
    this.flush();
  }

  /** Stops holding: what is queued leaves now, what comes next as usual. */
  unhold(): void {
    this.hold = false;
    this.strictHold = false;
    this.flush();
  }

  /** Sends what is queued and stops, leaving the end to someone else. */
  release(): void {
    if (this.closed) return;
    this.flush();
    this.close();
  }

  /** Stops without sending anything more (the requester went away). */
  discard(): void {
    this.pending = [];
    this.close();
  }

  handOff(): void {
    if (this.closed || this.pending.length > 0) return;
    this.handedOff = true;
    this.acked = true;
    clearTimeout(this.ackTimer);
  }

  private close(): void {
    this.closed = true;
    clearTimeout(this.ackTimer);
    clearTimeout(this.windowTimer);
  }

  private ack(): void {
    if (this.acked || this.closed) return;
    if (this.pending.length > 0 && !this.hold) return this.flush();
    this.acked = true;
    const headers = frameHeaders(FRAMES.ack);
    headers.set(CANCEL_HEADER, this.cancelSubject);
    this.send(EMPTY, headers);
    this.lastSent = Date.now();
  }

  /** Sends the queued chunks as one message; `last` makes it the end of the stream too. */
  private flush(last = false): void {
    this.flushScheduled = false;
    clearTimeout(this.windowTimer);
    if (this.closed || this.pending.length === 0) return;
    const chunks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    const first = !this.acked;
    if (first) {
      this.acked = true;
      clearTimeout(this.ackTimer);
    }
    this.options.beforeSend?.(chunks);
    if (!this.batches) {
      for (const chunk of chunks) this.send(chunk);
    } else if (chunks.length === 1 && !first && !last) {
      this.send(chunks[0]);
    } else {
      const headers = frameHeaders(last ? FRAMES.last : chunks.length === 1 ? FRAMES.data : FRAMES.batch);
      if (first) headers.set(CANCEL_HEADER, this.cancelSubject);
      this.send(chunks.length === 1 && !last ? chunks[0] : encodeBatch(chunks), headers);
    }
    this.lastSent = Date.now();
    const now = performance.now();
    this.lastGap = now - this.lastFlushAt;
    this.lastFlushAt = now;
  }
}
