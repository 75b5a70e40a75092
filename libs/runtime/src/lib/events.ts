import type { SwitchyardConfig } from '@switchyard/config';
import { EVENTS_STREAM } from '@switchyard/contracts';
import type { BusTransport } from '@switchyard/nats';

/** DI token of the process's one `EventPublisher` (see `BusServiceOptions.events`). */
export const EVENTS = Symbol('EVENTS');

/** What publishing code needs of the `EventPublisher`: fire and forget, `id` unique per event. */
export interface EventSink {
  publish(subject: string, event: unknown, id: string): void;
}

/** An `EventSink` that can also publish one event at once and say when it is in the socket (`EventPublisher.handOver`). */
export interface StoringEventSink extends EventSink {
  handOver(subject: string, event: unknown, id: string): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long the events stream keeps an event (`metrics.eventsMaxAgeDays`). Every service that may create
 * the stream uses this, so it is the same whichever starts first.
 */
export function eventsMaxAgeMs(config: Pick<SwitchyardConfig, 'metrics'>): number {
  return config.metrics.eventsMaxAgeDays * DAY_MS;
}

/** How often creating the stream is tried again while JetStream cannot be reached. */
const RETRY_MS = 5_000;

/** The part of a pino logger the keeper uses. */
interface KeeperLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/**
 * Makes sure the durable events stream exists, so events are stored even before the metrics service
 * first ran. Where JetStream is missing (a NATS started without `-js`) or down, it says so once and
 * keeps trying in the background; the publisher holds events in memory meanwhile.
 */
export class EventsStreamKeeper {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private warned = false;
  /** True once the stream is known to exist. */
  ready = false;

  constructor(
    private readonly bus: Pick<BusTransport, 'ensureStream'>,
    private readonly maxAgeMs: number,
    private readonly logger: KeeperLog,
    private readonly retryMs = RETRY_MS,
  ) {}

  /** Tries once now (resolves either way); on failure, again every few seconds until it works or `stop`. */
  async start(): Promise<void> {
    try {
      await this.bus.ensureStream(EVENTS_STREAM.name, EVENTS_STREAM.subjects, this.maxAgeMs);
      this.ready = true;
      if (this.warned) this.logger.info({ stream: EVENTS_STREAM.name }, 'events stream ready; queued events are being stored');
    } catch (error) {
      if (!this.warned) {
        this.warned = true;
        this.logger.warn(
          { err: error, stream: EVENTS_STREAM.name },
          'JetStream unavailable: events wait in memory until the events stream can be created (retrying in the background)',
        );
      }
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.start(), this.retryMs);
      this.timer.unref();
    }
  }

  /** Stops retrying. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
