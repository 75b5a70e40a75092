import type { RateLimitSnapshot, UpstreamStatus } from '@switchyard/contracts';

/** What the worker knows about its provider right now: reachability, rate limits and load. */
export class UpstreamState {
  private status: UpstreamStatus = { reachable: true, checkedAt: Date.now() };
  private inFlightCount = 0;
  private readingListener: ((rateLimits: RateLimitSnapshot) => void) | undefined;
  private reachabilityListener: ((reachable: boolean) => void) | undefined;

  /** Called with every new rate-limit reading. */
  onReading(listener: (rateLimits: RateLimitSnapshot) => void): void {
    this.readingListener = listener;
  }

  /** Called when the provider becomes reachable or unreachable. */
  onReachability(listener: (reachable: boolean) => void): void {
    this.reachabilityListener = listener;
  }

  /** A response (any status that proves the provider answered) was received. */
  reached(rateLimits: RateLimitSnapshot | undefined): void {
    const was = this.status.reachable;
    this.status = { reachable: true, checkedAt: Date.now(), rateLimits: rateLimits ?? this.status.rateLimits };
    if (rateLimits) this.readingListener?.(rateLimits);
    if (!was) this.reachabilityListener?.(true);
  }

  /** The provider could not be reached, or rejected the credentials. */
  unreachable(reason: string): void {
    const was = this.status.reachable;
    this.status = { reachable: false, checkedAt: Date.now(), reason, rateLimits: this.status.rateLimits };
    if (was) this.reachabilityListener?.(false);
  }

  snapshot(): UpstreamStatus {
    return this.status;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  begin(): void {
    this.inFlightCount++;
  }

  finish(): void {
    this.inFlightCount--;
  }
}
