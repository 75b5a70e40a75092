import { SUBJECTS, type WorkerGoodbye, type WorkerHeartbeat } from '@switchyard/contracts';
import { encodeJson, type BusTransport, type Closeable } from '@switchyard/nats';

/**
 * How a worker makes itself known to routers: a heartbeat every `intervalMs`, one at once when a
 * router asks on `workerDiscover`, and a goodbye when it stops, so routers forget it at once rather
 * than at expiry. The worker supplies its heartbeat as of now.
 */
export class WorkerPresence {
  private timer: NodeJS.Timeout | undefined;
  private discover: Closeable | undefined;

  constructor(
    private readonly bus: BusTransport,
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
    this.discover = this.bus.subscribe(SUBJECTS.workerDiscover, () => this.beat());
  }

  /** Stops announcing and says goodbye. */
  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.discover?.close();
    this.discover = undefined;
    const goodbye: WorkerGoodbye = { workerId: this.workerId };
    this.bus.publish(SUBJECTS.workerGoodbye, encodeJson(goodbye));
  }

  /** Publishes the heartbeat as of now. */
  beat(): void {
    this.bus.publish(SUBJECTS.workerHeartbeat, encodeJson(this.current()));
  }
}
