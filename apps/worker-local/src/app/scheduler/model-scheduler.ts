/** The answer to a request for a generation slot. */
export type Admission =
  /** A slot is held; `release` gives it back (once; later calls do nothing). `queuedMs`: how long it waited (0 when a slot was free). */
  | { admitted: true; release: () => void; queuedMs: number }
  /** No slot: the queue is full (`busy`), the deadline passed while queued, or the caller gave up. */
  | { admitted: false; reason: 'busy' | 'timeout' | 'aborted' };

interface Waiter {
  grant: () => void;
}

/** Longest delay `setTimeout` takes; later deadlines simply never fire while queued. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Admission control for one model: `concurrency` generations run at once, up to `maxQueue` more wait
 * in arrival order, and anything beyond is refused at once so the router can go elsewhere.
 * A waiter leaves the queue when its signal aborts or its deadline passes.
 */
export class ModelScheduler {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly maxQueue: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Generations running now. */
  get inFlight(): number {
    return this.running;
  }

  /** Requests waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Waits for a slot until `deadline` (epoch ms) or until `signal` aborts. */
  acquire(signal: AbortSignal, deadline: number): Promise<Admission> {
    if (signal.aborted) return Promise.resolve({ admitted: false, reason: 'aborted' });
    const wait = deadline - this.now();
    if (wait <= 0) return Promise.resolve({ admitted: false, reason: 'timeout' });
    if (this.running < this.concurrency && this.waiting.length === 0) return Promise.resolve(this.lease(0));
    if (this.waiting.length >= this.maxQueue) return Promise.resolve({ admitted: false, reason: 'busy' });

    const queuedAt = performance.now();
    return new Promise<Admission>((resolve) => {
      const leave = (reason: 'timeout' | 'aborted'): void => {
        cleanup();
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        resolve({ admitted: false, reason });
        this.notifyIfIdle();
      };
      const onAbort = (): void => leave('aborted');
      const timer = wait <= MAX_TIMER_MS ? setTimeout(() => leave('timeout'), wait) : undefined;
      const cleanup = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        grant: () => {
          cleanup();
          resolve(this.lease(performance.now() - queuedAt));
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Resolves once nothing runs and nothing waits. */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private lease(queuedMs: number): Admission {
    this.running++;
    let released = false;
    return {
      admitted: true,
      queuedMs,
      release: () => {
        if (released) return;
        released = true;
        this.running--;
        this.waiting.shift()?.grant();
        this.notifyIfIdle();
      },
    };
  }

  private notifyIfIdle(): void {
    if (this.running > 0 || this.waiting.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
