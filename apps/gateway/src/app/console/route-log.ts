import type { Overview, OverviewBucket, RouteEntry } from '@switchyard/contracts';

/** How the route log keeps requests: the latest `capacity` for the routes table, slices of `bucketMs` over `windowMs` for the overview. */
export interface RouteLogOptions {
  capacity: number;
  bucketMs: number;
  windowMs: number;
  /** Durations kept per slice for its percentiles; beyond it, a uniform sample of them (reservoir sampling). */
  samplesPerBucket: number;
}

export const ROUTE_LOG_DEFAULTS: RouteLogOptions = { capacity: 500, bucketMs: 10_000, windowMs: 15 * 60_000, samplesPerBucket: 2_000 };

/** A uniform sample of at most `limit` values out of however many were offered. */
class Reservoir {
  readonly values: number[] = [];
  private seen = 0;

  constructor(
    private readonly limit: number,
    private readonly random: () => number,
  ) {}

  offer(value: number): void {
    this.seen += 1;
    if (this.values.length < this.limit) this.values.push(value);
    else {
      const at = Math.floor(this.random() * this.seen);
      if (at < this.limit) this.values[at] = value;
    }
  }
}

interface Slice {
  requests: number;
  errors: number;
  latency: Reservoir;
  ttft: Reservoir;
  fallbacks: number;
  hedges: number;
  resumes: number;
  tokensByBackend: Record<string, number>;
}

/** The `p`th percentile (0–100) of `values` by the nearest-rank method; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** True when the client saw an error: a refused or failed request, or a stream that broke after it began. */
export function isError(entry: Pick<RouteEntry, 'status' | 'errorCode'>): boolean {
  return entry.status >= 400 || entry.errorCode !== null;
}

/**
 * The finished requests the console shows: the latest ones, newest first, and per-slice counts and percentiles of the
 * last fifteen minutes. A request counts in the slice in which it finished. Fed from the events stream, so it sees
 * every gateway replica's requests.
 */
export class RouteLog {
  private readonly recent: RouteEntry[] = [];
  private readonly slices = new Map<number, Slice>();

  constructor(
    private readonly options: RouteLogOptions = ROUTE_LOG_DEFAULTS,
    private readonly random: () => number = Math.random,
  ) {}

  add(entry: RouteEntry, now: number): void {
    this.recent.push(entry);
    if (this.recent.length > this.options.capacity) this.recent.shift();
    const finishedAt = entry.receivedAt + entry.durationMs;
    const start = finishedAt - (finishedAt % this.options.bucketMs);
    if (start <= now - this.options.windowMs) return;
    const slice = this.slices.get(start) ?? this.newSlice(start);
    slice.requests += 1;
    if (isError(entry)) slice.errors += 1;
    slice.latency.offer(entry.durationMs);
    if (entry.ttftMs !== null) slice.ttft.offer(entry.ttftMs);
    const route = entry.route;
    if (route && route.selected !== null && route.failed.length > 0) slice.fallbacks += 1;
    if (route?.hedged && route.hedged.length > 0) slice.hedges += 1;
    if (route?.resumed && route.resumed.length > 0) slice.resumes += 1;
    const backend = entry.backend ?? 'none';
    slice.tokensByBackend[backend] = (slice.tokensByBackend[backend] ?? 0) + entry.promptTokens + entry.completionTokens;
  }

  /** The latest `limit` requests, newest first. */
  latest(limit: number): RouteEntry[] {
    return this.recent.slice(-limit).reverse();
  }

  /** Every slice of the window ending at `now`, oldest first, empty ones included. */
  overview(now: number): Overview {
    const { bucketMs, windowMs } = this.options;
    const last = now - (now % bucketMs);
    const first = last - windowMs + bucketMs;
    for (const start of this.slices.keys()) if (start < first) this.slices.delete(start);
    const buckets: OverviewBucket[] = [];
    for (let start = first; start <= last; start += bucketMs) buckets.push(summarise(start, this.slices.get(start)));
    return { object: 'console.overview', bucketMs, windowMs, buckets };
  }

  private newSlice(start: number): Slice {
    const { samplesPerBucket } = this.options;
    const slice: Slice = {
      requests: 0,
      errors: 0,
      latency: new Reservoir(samplesPerBucket, this.random),
      ttft: new Reservoir(samplesPerBucket, this.random),
      fallbacks: 0,
      hedges: 0,
      resumes: 0,
      tokensByBackend: {},
    };
    this.slices.set(start, slice);
    return slice;
  }
}

function summarise(start: number, slice: Slice | undefined): OverviewBucket {
  if (!slice) {
    return { start, requests: 0, errors: 0, latencyP50Ms: null, latencyP99Ms: null, ttftP50Ms: null, ttftP99Ms: null, fallbacks: 0, hedges: 0, resumes: 0, tokensByBackend: {} };
  }
  return {
    start,
    requests: slice.requests,
    errors: slice.errors,
    latencyP50Ms: percentile(slice.latency.values, 50),
    latencyP99Ms: percentile(slice.latency.values, 99),
    ttftP50Ms: percentile(slice.ttft.values, 50),
    ttftP99Ms: percentile(slice.ttft.values, 99),
    fallbacks: slice.fallbacks,
    hedges: slice.hedges,
    resumes: slice.resumes,
    tokensByBackend: { ...slice.tokensByBackend },
  };
}
