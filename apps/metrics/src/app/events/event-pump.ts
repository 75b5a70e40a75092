import type { EventMessage } from './event-batch';

/** Most events processed as one batch. */
export const MAX_BATCH = 256;

/**
 * Hands messages, as they arrive, to an async batch handler, in batches that never overlap. Before each
 * batch the pump waits `gatherMs` for more messages to go with the ones waiting (at once when
 * `MAX_BATCH` are waiting): at a light load that turns one store update and one round of
 * acknowledgements per event into one per batch. With `gatherMs` 0 a lone message is handed over at
 * once, and what queued up while a batch ran is the next batch.
 */
export class EventPump {
  private readonly queue: EventMessage[] = [];
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Ends the current gathering wait early (a full batch, or stop). */
  private gathered: (() => void) | undefined;

  constructor(
    private readonly handle: (batch: EventMessage[]) => Promise<void>,
    /** Told about a batch that failed unexpectedly; its unacknowledged messages come back after the ack wait. */
    private readonly onError: (error: unknown) => void,
    /** How long a batch waits for more messages after its first one, in ms. */
    private readonly gatherMs = 0,
  ) {}

  /** Queues one message; starts a batch unless one is running or gathering. */
  push(message: EventMessage): void {
    if (this.stopped) {
      message.nak();
      return;
    }
    this.queue.push(message);
    if (this.queue.length >= MAX_BATCH) this.gathered?.();
    this.running ??= this.drain();
  }

  /** Messages waiting for a batch. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Stops: the running batch finishes, queued messages (a gathering batch's too) are handed back (nak)
   * so JetStream offers them at once to another replica or to this one after a restart.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.gathered?.();
    await this.running;
    for (const message of this.queue.splice(0)) message.nak();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.stopped) {
        if (this.gatherMs > 0 && this.queue.length < MAX_BATCH) await this.gather();
        if (this.stopped) return;
        await this.handle(this.queue.splice(0, MAX_BATCH)).catch(this.onError);
      }
    } finally {
      this.running = undefined;
    }
  }

  /** Waits `gatherMs`, or less when a full batch is waiting or the pump stops. */
  private gather(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.gathered = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.gatherMs);
      this.gathered = done;
    });
  }
}
