import { useMemo } from 'react';
import { useConsole } from '../console-context';
import { BackendsGlance } from '../components/BackendsGlance';
import { ErrorMessage } from '../components/ErrorMessage';
import { LineChart } from '../components/LineChart';
import { StatTile } from '../components/StatTile';
import { TokensByBackend } from '../components/TokensByBackend';
import { CHART_COLORS } from '../data/chart-colors';
import { formatMs, formatNumber, formatPercent, formatRequestsPerSecond } from '../data/format';
import { overviewSeries, overviewTotals } from '../data/overview-series';
import { useBackends } from '../hooks/useBackends';
import { usePolling } from '../hooks/usePolling';

const OVERVIEW_REFRESH_MS = 5000;

export function OverviewPage() {
  const { api, theme } = useConsole();
  const overview = usePolling((signal) => api.overview(signal), OVERVIEW_REFRESH_MS);
  const backends = useBackends(OVERVIEW_REFRESH_MS);
  const series = useMemo(() => (overview.data ? overviewSeries(overview.data) : null), [overview.data]);
  const totals = useMemo(() => (overview.data ? overviewTotals(overview.data) : null), [overview.data]);
  const charts = useMemo(
    () =>
      series && {
        requests: [{ label: 'Requests', color: CHART_COLORS.primary, values: series.requestsPerSecond }],
        errors: [{ label: 'Errors', color: CHART_COLORS.danger, values: series.errorPercent }],
        latency: [
          { label: 'p50', color: CHART_COLORS.primary, values: series.latencyP50Ms },
          { label: 'p99', color: CHART_COLORS.secondary, values: series.latencyP99Ms },
        ],
        ttft: [
          { label: 'p50', color: CHART_COLORS.good, values: series.ttftP50Ms },
          { label: 'p99', color: CHART_COLORS.danger, values: series.ttftP99Ms },
        ],
      },
    [series],
  );
  const windowMinutes = overview.data ? Math.round(overview.data.windowMs / 60_000) : 15;

  return (
    <section className="page" aria-labelledby="overview-title">
      <div className="page-head">
        <h1 id="overview-title">Overview</h1>
        <span className="muted">
          Last {windowMinutes} min{overview.data ? `, ${formatNumber(overview.data.bucketMs / 1000)} s per point` : ''}, refreshed every 5 s
        </span>
      </div>
      <ErrorMessage message={overview.error?.message} context="Could not load the overview" />
      {!overview.data && !overview.error ? <p className="muted">Loading…</p> : null}
      <div className="tiles">
        {totals ? (
          <>
            <StatTile label="Requests" value={formatNumber(totals.requests)} detail={`${formatNumber(totals.errors)} errors (${formatPercent(totals.requests ? (totals.errors / totals.requests) * 100 : null)})`} testId="tile-requests" />
            <StatTile label="Fallbacks" value={formatNumber(totals.fallbacks)} detail="a backend failed, another answered" testId="tile-fallbacks" />
            <StatTile label="Hedges" value={formatNumber(totals.hedges)} detail="answered by a hedge" testId="tile-hedges" />
            <StatTile label="Resumes" value={formatNumber(totals.resumes)} detail="streams moved to another backend" testId="tile-resumes" />
          </>
        ) : null}
        {/* The workers come from /backends and the feed, so they show even when the overview fails. */}
        <BackendsGlance error={backends.error?.message ?? null} />
      </div>
      {series && charts ? (
        <div className="chart-grid">
          <LineChart title="Requests per second" x={series.x} series={charts.requests} format={formatRequestsPerSecond} theme={theme} testId="chart-requests" />
          <LineChart title="Error rate" x={series.x} series={charts.errors} format={formatPercent} theme={theme} testId="chart-errors" />
          <LineChart title="Latency (receipt to last byte)" x={series.x} series={charts.latency} format={formatMs} theme={theme} testId="chart-latency" />
          <LineChart title="Time to first token" x={series.x} series={charts.ttft} format={formatMs} theme={theme} testId="chart-ttft" />
        </div>
      ) : null}
      {totals ? <TokensByBackend rows={totals.tokensByBackend} /> : null}
    </section>
  );
}
