import type { EventMessage } from './event-batch';

/** Most events processed as one batch. */
export const MAX_BATCH = 256;

/**
 * Hands messages, as they arrive, to an async batch handler: whatever has queued up while the
 * previous batch ran becomes the next batch (one event at a time when traffic is light, up to
 * `MAX_BATCH` under load), and batches never overlap.
 */
export class EventPump {
  private readonly queue: EventMessage[] = [];
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly handle: (batch: EventMessage[]) => Promise<void>,
    /** Told about a batch that failed unexpectedly; its unacknowledged messages come back after the ack wait. */
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Queues one message; starts a batch unless one is running. */
  push(message: EventMessage): void {
    if (this.stopped) {
      message.nak();
      return;
    }
    this.queue.push(message);
    this.running ??= this.drain();
  }

  /** Messages waiting for a batch. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Stops: the running batch finishes, queued messages are handed back (nak) so JetStream offers
   * them at once to another replica or to this one after a restart.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
    for (const message of this.queue.splice(0)) message.nak();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.stopped) {
        await this.handle(this.queue.splice(0, MAX_BATCH)).catch(this.onError);
      }
    } finally {
      this.running = undefined;
    }
  }
}
