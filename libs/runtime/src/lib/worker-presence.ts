import { PATTERNS, type WorkerGoodbye, type WorkerHeartbeat } from '@switchyard/contracts';
import { BusRecord, encodeJson, type BusClient } from '@switchyard/nats';

/**
 * How a worker makes itself known to routers: a heartbeat every `intervalMs`, one at once when a
 * router asks (`answerDiscover`, from the worker's `PATTERNS.workerDiscover` handler), and a goodbye
 * when it stops, so routers forget it at once rather than at expiry. The worker supplies its heartbeat as of now.
 */
export class WorkerPresence {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: BusClient,
    private readonly workerId: string,
    private readonly intervalMs: number,
    private readonly current: () => WorkerHeartbeat,
  ) {}

  /** Starts announcing: one heartbeat now, then periodically and on request. */
  start(): void {
    if (this.timer) return;
    this.beat();
    this.timer = setInterval(() => this.beat(), this.intervalMs);
    this.timer.unref();
  }

  /** A router asked every worker to announce itself: a heartbeat now, once this worker has started announcing. */
  answerDiscover(): void {
    if (this.timer) this.beat();
  }

  /** Stops announcing and says goodbye. */
  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    const goodbye: WorkerGoodbye = { workerId: this.workerId };
    this.send(PATTERNS.workerGoodbye, encodeJson(goodbye));
  }

  /** Publishes the heartbeat as of now. */
  beat(): void {
    this.send(PATTERNS.workerHeartbeat, encodeJson(this.current()));
  }

  /** Publishes (a few microtasks later: `emit` resolves the client's connection first); a lost beat is made up by the next. */
  private send(pattern: string, payload: Uint8Array): void {
    this.client.emit(pattern, new BusRecord(payload));
  }
}
