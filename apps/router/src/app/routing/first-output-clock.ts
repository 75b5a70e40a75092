import type { Forward } from './worker-attempt';

/** The two waits of an attempt before its first output. */
type FirstOutputWaits = Pick<Forward, 'firstOutputMs' | 'slow'>;

/**
 * The clocks of one attempt until its output begins: the hedge's start after `slow.afterMs`, and giving the attempt up
 * after `firstOutputMs`. `expired` says whether it was given up, so that the abort it caused reads as a timeout.
 */
export class FirstOutputClock {
  private giveUp: NodeJS.Timeout | undefined;
  private readonly hedge: NodeJS.Timeout | undefined;
  private gaveUp = false;

  constructor(waits: FirstOutputWaits, abort: () => void, hasOutput: () => boolean) {
    if (waits.firstOutputMs !== undefined) {
      this.giveUp = setTimeout(() => {
        this.gaveUp = true;
        abort();
      }, waits.firstOutputMs);
    }
    const slow = waits.slow;
    if (slow !== undefined) {
      this.hedge = setTimeout(() => {
        if (!hasOutput()) slow.start();
      }, slow.afterMs);
    }
  }

  /** True once the attempt was given up for having no output in time. */
  get expired(): boolean {
    return this.gaveUp;
  }

  /** The worker has output (held back by a gate): it is no longer given up, and no hedge starts. */
  outputReady(): void {
    clearTimeout(this.giveUp);
    this.giveUp = undefined;
  }

  /** Both clocks stop (output began, or the attempt is over). */
  stop(): void {
    clearTimeout(this.giveUp);
    clearTimeout(this.hedge);
    this.giveUp = undefined;
  }
}
