import type { Overview } from '@switchyard/contracts';
import { isolatedPoints, overviewSeries, overviewTotals } from './overview-series';
import { bucket } from './testing/fixtures';

const overview: Overview = {
  object: 'console.overview',
  bucketMs: 10_000,
  windowMs: 30_000,
  buckets: [
    bucket(1_700_000_000_000),
    bucket(1_700_000_010_000, {
      requests: 20,
      errors: 5,
      latencyP50Ms: 120,
      latencyP99Ms: 900,
      ttftP50Ms: 30,
      ttftP99Ms: 200,
      fallbacks: 2,
      hedges: 1,
      tokensByBackend: { 'local:stories260k': 300, none: 0 },
    }),
    bucket(1_700_000_020_000, { requests: 3, errors: 0, latencyP50Ms: 80, latencyP99Ms: 80, resumes: 1, tokensByBackend: { 'openai:gpt-4o-mini': 500, 'local:stories260k': 100 } }),
  ],
};

describe('overview series', () => {
  it('puts bucket starts in epoch seconds for uPlot and keeps one value per bucket in every series', () => {
    const series = overviewSeries(overview);
    expect(series.x).toEqual([1_700_000_000, 1_700_000_010, 1_700_000_020]);
    for (const values of Object.values(series)) expect(values).toHaveLength(3);
  });

  it('turns request counts into requests per second of the bucket length', () => {
    expect(overviewSeries(overview).requestsPerSecond.map((rate) => Number(rate.toFixed(9)))).toEqual([0, 2, 0.3]);
    expect(overviewSeries({ ...overview, bucketMs: 60_000 }).requestsPerSecond[1]).toBeCloseTo(1 / 3);
  });

  it('gives the error rate in percent, and no value for a bucket without requests', () => {
    expect(overviewSeries(overview).errorPercent).toEqual([null, 25, 0]);
  });

  it('passes latency percentiles through, null where nothing finished', () => {
    const series = overviewSeries(overview);
    expect(series.latencyP50Ms).toEqual([null, 120, 80]);
    expect(series.latencyP99Ms).toEqual([null, 900, 80]);
    expect(series.ttftP50Ms).toEqual([null, 30, null]);
    expect(series.ttftP99Ms).toEqual([null, 200, null]);
  });

  it('is empty for an empty window', () => {
    expect(overviewSeries({ ...overview, buckets: [] }).x).toEqual([]);
  });
});

describe('overview totals', () => {
  it('sums counts and tokens per backend over the window, most tokens first', () => {
    expect(overviewTotals(overview)).toEqual({
      requests: 23,
      errors: 5,
      fallbacks: 2,
      hedges: 1,
      resumes: 1,
      tokensByBackend: [
        { backend: 'openai:gpt-4o-mini', tokens: 500 },
        { backend: 'local:stories260k', tokens: 400 },
        { backend: 'none', tokens: 0 },
      ],
    });
  });
});

describe('isolatedPoints', () => {
  it('finds the values with no neighbour, which a line cannot draw', () => {
    expect(isolatedPoints([null, 5, null, 3, 4, null, undefined, 7])).toEqual([1, 7]);
    expect(isolatedPoints([1])).toEqual([0]);
    expect(isolatedPoints([1, 2, 3])).toEqual([]);
    expect(isolatedPoints([])).toEqual([]);
  });
});
