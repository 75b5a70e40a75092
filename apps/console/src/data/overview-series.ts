import type { Overview } from '@switchyard/contracts';

/** Per-bucket series, x in epoch seconds (uPlot's time unit); null where a bucket had nothing to measure. */
export interface OverviewSeries {
  x: number[];
  requestsPerSecond: number[];
  errorPercent: Array<number | null>;
  latencyP50Ms: Array<number | null>;
  latencyP99Ms: Array<number | null>;
  ttftP50Ms: Array<number | null>;
  ttftP99Ms: Array<number | null>;
}

export function overviewSeries(overview: Overview): OverviewSeries {
  const { buckets, bucketMs } = overview;
  const perSecond = bucketMs > 0 ? 1000 / bucketMs : 0;
  return {
    x: buckets.map((bucket) => bucket.start / 1000),
    requestsPerSecond: buckets.map((bucket) => bucket.requests * perSecond),
    // With no requests there is no rate to show, rather than a reassuring 0 %.
    errorPercent: buckets.map((bucket) => (bucket.requests > 0 ? (bucket.errors / bucket.requests) * 100 : null)),
    latencyP50Ms: buckets.map((bucket) => bucket.latencyP50Ms),
    latencyP99Ms: buckets.map((bucket) => bucket.latencyP99Ms),
    ttftP50Ms: buckets.map((bucket) => bucket.ttftP50Ms),
    ttftP99Ms: buckets.map((bucket) => bucket.ttftP99Ms),
  };
}

export interface OverviewTotals {
  requests: number;
  errors: number;
  fallbacks: number;
  hedges: number;
  resumes: number;
  /** Tokens per backend over the window, most first. */
  tokensByBackend: Array<{ backend: string; tokens: number }>;
}

export function overviewTotals(overview: Overview): OverviewTotals {
  const totals = { requests: 0, errors: 0, fallbacks: 0, hedges: 0, resumes: 0 };
  const tokens = new Map<string, number>();
  for (const bucket of overview.buckets) {
    totals.requests += bucket.requests;
    totals.errors += bucket.errors;
    totals.fallbacks += bucket.fallbacks;
    totals.hedges += bucket.hedges;
    totals.resumes += bucket.resumes;
    for (const [backend, count] of Object.entries(bucket.tokensByBackend)) tokens.set(backend, (tokens.get(backend) ?? 0) + count);
  }
  const tokensByBackend = [...tokens.entries()]
    .map(([backend, count]) => ({ backend, tokens: count }))
    .sort((a, b) => b.tokens - a.tokens || a.backend.localeCompare(b.backend));
  return { ...totals, tokensByBackend };
}

/**
 * The indices of values with no value on either side: a line chart draws nothing for them (a line needs two points),
 * so they get a marker. A slice with the only requests of its minute would otherwise not show at all.
 */
export function isolatedPoints(values: ArrayLike<number | null | undefined>): number[] {
  const present = (i: number): boolean => i >= 0 && i < values.length && values[i] !== null && values[i] !== undefined;
  const isolated: number[] = [];
  for (let i = 0; i < values.length; i++) if (present(i) && !present(i - 1) && !present(i + 1)) isolated.push(i);
  return isolated;
}
