import { encodeJson } from './json';
import type { BusTransport } from './transport';

/** Events waiting for JetStream at most; beyond this the oldest are dropped (and counted). */
const MAX_PENDING = 10_000;
/** How often waiting events are offered to JetStream again. */
const RETRY_MS = 1_000;

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
 * by JetStream (and kept there until the metrics service has counted it). An event JetStream did not
 * take (no stream yet, bus down) waits in a bounded queue and is offered again every second; its id
 * lets the stream drop a duplicate.
 */
export class EventPublisher {
  private readonly pending: Pending[] = [];
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
    this.bus.publishDurable(item.subject, item.payload, { msgId: item.msgId }).catch(() => this.enqueue(item));
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

  /** Stops retrying; events still waiting are lost (logged). */
  close(): void {
    clearInterval(this.timer);
    if (this.pending.length > 0) this.logger.warn({ lost: this.pending.length }, 'events not stored at shutdown');
  }

  private enqueue(item: Pending): void {
    if (this.pending.length >= MAX_PENDING) {
      this.pending.shift();
      this.dropped += 1;
    }
    this.pending.push(item);
  }
}
