import { linkSignals } from './linked-signal';

/** How a drain ended: every piece of work finished in time, or the rest was cut at the end of the grace period. */
export interface DrainOutcome {
  /** Work still running when the grace period ended (0 when everything finished in time). */
  cut: number;
  /** How long the drain took, in ms. */
  ms: number;
}

/** After a cut, how long the work that was told to stop may take to end, in ms. */
const AFTER_CUT_MS = 2_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * The shutdown state of one service. `begin()` (on SIGTERM) makes it take no new work and tells the
 * parts that listen (heartbeats, subscriptions) to stop; the work it still has, each piece counted with
 * `enter()` or `run()`, may finish during the grace period. When that is over, `cutSignal` aborts and
 * what still runs must end.
 */
export class Drain {
  private active = 0;
  private readonly cut = new AbortController();
  private readonly beginListeners: Array<() => void> = [];
  private idleWaiters: Array<() => void> = [];
  private outcome: Promise<DrainOutcome> | undefined;
  private started = false;

  constructor(
    /** How long running work may go on after `begin()`, in ms. */
    readonly graceMs: number,
  ) {}

  /** True once shutdown began: new work must be refused. */
  get draining(): boolean {
    return this.started;
  }

  /** Work running now. */
  get inFlight(): number {
    return this.active;
  }

  /** Aborts when the grace period is over: work still running must stop. */
  get cutSignal(): AbortSignal {
    return this.cut.signal;
  }

  /** Calls `listener` when shutdown begins (at once if it already has). */
  onBegin(listener: () => void): void {
    if (this.started) listener();
    else this.beginListeners.push(listener);
  }

  /** Starts draining: no new work from now on; listeners stop what brings work in. */
  begin(): void {
    if (this.started) return;
    this.started = true;
    for (const listener of this.beginListeners.splice(0)) listener();
  }

  /** Counts one piece of work as running; call the returned function (once is enough) when it is over. */
  enter(): () => void {
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      if (this.active === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    };
  }

  /**
   * Runs a stream of work as one piece of running work: `work` gets a signal that aborts when `signal` does or
   * when the grace period ends, and the piece counts as running until the stream is over or abandoned.
   * A stream the grace period cut (its caller still there) ends with `cutPart()`, so the caller learns that
   * the answer is incomplete instead of seeing a clean end.
   */
  async *run<T>(signal: AbortSignal, work: (signal: AbortSignal) => AsyncIterable<T>, cutPart?: () => T): AsyncGenerator<T> {
    const release = this.enter();
    const linked = linkSignals([signal, this.cut.signal]);
    try {
      yield* work(linked.signal);
      if (cutPart && this.cut.signal.aborted && !signal.aborted) yield cutPart();
    } finally {
      linked.unlink();
      release();
    }
  }

  /**
   * Begins if needed, waits until no work runs or the grace period is over, then cuts what is left
   * and gives it a moment to end. Every call gets the same outcome.
   */
  whenDone(): Promise<DrainOutcome> {
    this.begin();
    this.outcome ??= this.waitOut();
    return this.outcome;
  }

  private idle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async waitOut(): Promise<DrainOutcome> {
    const from = Date.now();
    const finished = await Promise.race([this.idle().then(() => true), sleep(this.graceMs).then(() => false)]);
    if (finished) return { cut: 0, ms: Date.now() - from };
    const cut = this.active;
    this.cut.abort();
    await Promise.race([this.idle(), sleep(AFTER_CUT_MS)]);
    return { cut, ms: Date.now() - from };
  }
}
