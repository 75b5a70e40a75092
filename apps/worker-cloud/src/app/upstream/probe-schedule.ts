/** How often the provider is probed: the settings of `workerCloud`. */
export interface ProbeTiming {
  /** Between two probes while the provider answers, in ms. */
  intervalMs: number;
  /** The first probe after it stopped answering, in ms; each that fails doubles the wait, up to `reprobeMaxMs`. */
  reprobeFirstMs: number;
  reprobeMaxMs: number;
}

/**
 * When the provider is probed next: every `intervalMs` while it answers; once it does not, soon and then less often,
 * so that a provider that comes back serves again within about `reprobeMaxMs` of its recovery.
 */
export class ProbeSchedule {
  private backoffMs: number;

  constructor(private readonly timing: ProbeTiming) {
    this.backoffMs = timing.reprobeFirstMs;
  }

  /** The wait before the next probe, given whether the provider answers now. */
  next(reachable: boolean): number {
    if (reachable) {
      this.backoffMs = this.timing.reprobeFirstMs;
      return this.timing.intervalMs;
    }
    const wait = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.timing.reprobeMaxMs);
    return wait;
  }
}
