import { Injectable } from '@nestjs/common';

/**
 * Whether the worker is shutting down. While draining it takes no new work; when the grace period
 * is over, `stopAll` stops the generations still running.
 */
@Injectable()
export class DrainState {
  private readonly hardStop = new AbortController();
  /** True once shutdown began. */
  draining = false;

  /** Aborts when running generations must stop (end of the shutdown grace period). */
  get stopSignal(): AbortSignal {
    return this.hardStop.signal;
  }

  /** Stops every running generation now. */
  stopAll(): void {
    this.hardStop.abort();
  }
}
