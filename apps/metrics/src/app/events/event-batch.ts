import type { UsageStore } from '../usage/usage-store';
import { addRecords, keyOf, recordOf, type UsageRecord } from '../usage/usage-record';
import type { EventRecorder } from './event-recorder';
import { decodeEvent, MalformedEventError, type MetricsEvent } from './metrics-event';
import type { SeenSequences } from './seen-sequences';

/** How long JetStream waits before offering again an event whose aggregate could not be stored, in ms. */
export const RETRY_DELAY_MS = 2_000;

/** A message from the events stream as the processor needs it (JetStream's `JsMsg` is one). */
export interface EventMessage {
  readonly subject: string;
  /** The event's sequence number in the stream (the same on every delivery). */
  readonly seq: number;
  readonly data: Uint8Array;
  /** Done: never deliver it again. */
  ack(): void;
  /** Not done: deliver it again after `delayMs`. */
  nak(delayMs?: number): void;
  /** Cannot be processed: never deliver it again. */
  term(): void;
}

/** The part of a pino logger the processor uses. */
export interface BatchLog {
  warn(details: object, message: string): void;
}

interface Decoded {
  message: EventMessage;
  tagged: MetricsEvent;
}

/**
 * Processes a batch of events: stores the usage aggregates (one compare-and-set per aggregate, the
 * events of the batch summed first), then counts each event in the metrics and acknowledges it.
 * An event whose aggregate could not be stored is neither counted nor acknowledged, so JetStream
 * offers it again; a malformed one is logged, counted as `invalid` and terminated. An event offered
 * again after it was counted (its acknowledgement was lost) is acknowledged and not counted twice.
 */
export class EventBatchProcessor {
  constructor(
    private readonly store: UsageStore,
    private readonly recorder: EventRecorder,
    private readonly logger: BatchLog,
    private readonly seen: SeenSequences,
  ) {}

  /** Processes one batch; every message is acknowledged, handed back (nak) or terminated before it resolves. */
  async process(messages: readonly EventMessage[]): Promise<void> {
    const decoded: Decoded[] = [];
    for (const message of messages) {
      if (this.seen.has(message.seq)) {
        message.ack();
        continue;
      }
      try {
        decoded.push({ message, tagged: decodeEvent(message.subject, message.data) });
      } catch (error) {
        this.drop(message, error);
      }
    }
    const unstored = await this.storeUsage(decoded);
    for (const { message, tagged } of decoded) {
      if (unstored.has(message)) {
        message.nak(RETRY_DELAY_MS);
        continue;
      }
      this.recorder.record(tagged);
      this.seen.add(message.seq);
      message.ack();
    }
  }

  /** Stores every usage event's aggregate; returns the messages whose aggregate could not be stored. */
  private async storeUsage(decoded: readonly Decoded[]): Promise<Set<EventMessage>> {
    const groups = new Map<string, { delta: UsageRecord; messages: EventMessage[] }>();
    for (const { message, tagged } of decoded) {
      if (tagged.type !== 'usage') continue;
      const record = recordOf(tagged.event);
      const key = keyOf(record);
      const group = groups.get(key);
      if (group) {
        group.delta = addRecords(group.delta, record);
        group.messages.push(message);
      } else {
        groups.set(key, { delta: record, messages: [message] });
      }
    }
    const failed = new Set<EventMessage>();
    await Promise.all(
      [...groups].map(async ([key, group]) => {
        try {
          await this.store.add(group.delta);
        } catch (error) {
          this.logger.warn({ err: error, entry: key, events: group.messages.length }, 'usage aggregate not stored; the events will be retried');
          for (const message of group.messages) failed.add(message);
        }
      }),
    );
    return failed;
  }

  private drop(message: EventMessage, error: unknown): void {
    const reason = error instanceof MalformedEventError ? error.message : String(error);
    this.logger.warn({ subject: message.subject, reason }, 'malformed event dropped');
    this.recorder.processed('invalid');
    // No reason with the term: NATS servers before 2.10 ignore a `+TERM <reason>` acknowledgement.
    message.term();
  }
}
