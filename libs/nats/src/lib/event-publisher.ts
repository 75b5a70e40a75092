import { encodeJson } from './json';
import type { BusTransport } from './transport';

/** Events waiting for JetStream at most; beyond this the oldest are dropped (and counted). */
const MAX_PENDING = 10_000;
/** How often waiting events are offered to JetStream again. */
const RETRY_MS = 1_000;
/**
 * How long a new event waits for others to go out with it. Under load that puts many events (and
 * their acks) in one socket write instead of one write each; an event arrives this much later.
 */
export const EVENT_BATCH_MS = 20;

/** The part of a pino logger the publisher uses. */
interface EventLog {
  debug(details: object, message: string): void;
  warn(details: object, message: string): void;
}

interface Pending {
  subject: string;
  payload: Uint8Array;
  msgId: string;
}

/**
 * Publishes events into the durable events stream without making callers wait: each event is stored
 * by JetStream (and kept there until the metrics service has counted it). Events go out together
 * every `EVENT_BATCH_MS` rather than one by one as they come. An event JetStream did not
 * take (no stream yet, bus down) waits in a bounded queue and is offered again every second; its id
 * lets the stream drop a duplicate.
 */
export class EventPublisher {
  private readonly pending: Pending[] = [];
  private outgoing: Pending[] = [];
  private sendTimer: NodeJS.Timeout | undefined;
  private readonly timer: NodeJS.Timeout;
  private draining = false;
  /** Events dropped because the queue was full. */
  dropped = 0;

  constructor(
    private readonly bus: BusTransport,
    private readonly logger: EventLog,
  ) {
    this.timer = setInterval(() => void this.retry(), RETRY_MS);
    this.timer.unref();
  }

  /** Queues `event` for the stream under `subject`; `id` identifies it (a request id). */
  publish(subject: string, event: unknown, id: string): void {
    const item = { subject, payload: encodeJson(event), msgId: `${subject}:${id}` };
    if (this.pending.length > 0) return this.enqueue(item);
    this.outgoing.push(item);
    this.sendTimer ??= setTimeout(() => this.sendOutgoing(), EVENT_BATCH_MS);
  }

  /**
   * Publishes `event` at once, outside the batch, and resolves once it is written to the socket (at the end
   * of this turn of the event loop, with everything else published in it), so whatever the caller writes
   * next (an answer's end, on another socket) leaves after it. JetStream's acknowledgement is not awaited:
   * an event it did not take waits in the queue and is offered again like the rest.
   */
  handOver(subject: string, event: unknown, id: string): Promise<void> {
    const item = { subject, payload: encodeJson(event), msgId: `${subject}:${id}` };
    if (this.pending.length > 0) {
      this.enqueue(item);
      return Promise.resolve();
    }
    this.bus.publishDurable(item.subject, item.payload, { msgId: item.msgId }).catch(() => this.enqueue(item));
    return this.bus.written();
  }

  /** Events still waiting for JetStream. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Offers every waiting event once more (also called on a timer). */
  async retry(): Promise<void> {
    if (this.draining || this.pending.length === 0) return;
    this.draining = true;
    try {
      while (this.pending.length > 0) {
        const item = this.pending[0];
        try {
          await this.bus.publishDurable(item.subject, item.payload, { msgId: item.msgId });
        } catch (error) {
          this.logger.debug({ err: error, waiting: this.pending.length }, 'events stream unavailable; will retry');
          return;
        }
        this.pending.shift();
      }
    } finally {
      this.draining = false;
    }
  }

  /** Sends the events not yet sent, stops retrying; events still waiting are lost (logged). */
  close(): void {
    this.sendOutgoing();
    clearInterval(this.timer);
    if (this.pending.length > 0) this.logger.warn({ lost: this.pending.length }, 'events not stored at shutdown');
  }

  private sendOutgoing(): void {
    clearTimeout(this.sendTimer);
    this.sendTimer = undefined;
    const items = this.outgoing;
    this.outgoing = [];
    for (const item of items) {
      if (this.pending.length > 0) this.enqueue(item);
      else this.bus.publishDurable(item.subject, item.payload, { msgId: item.msgId }).catch(() => this.enqueue(item));
    }
  }

  private enqueue(item: Pending): void {
    if (this.pending.length >= MAX_PENDING) {
      this.pending.shift();
      this.dropped += 1;
    }
    this.pending.push(item);
  }
}
