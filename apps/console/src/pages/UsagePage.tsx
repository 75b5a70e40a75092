import { useMemo, useState } from 'react';
import { useConsole } from '../console-context';
import { ErrorMessage } from '../components/ErrorMessage';
import { LineChart } from '../components/LineChart';
import { UsageTable } from '../components/UsageTable';
import { CHART_COLORS } from '../data/chart-colors';
import { formatTokens } from '../data/format';
import { defaultUsageRange, rangeProblem, tokensPerDay, usageCsv, usageCsvFilename } from '../data/usage';
import { usePolling } from '../hooks/usePolling';

/** Offers text as a file download, without a server round trip. */
function download(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function UsagePage() {
  const { api, theme } = useConsole();
  const [range, setRange] = useState(() => defaultUsageRange(Date.now()));
  const [key, setKey] = useState('');
  const problem = rangeProblem(range.from, range.to);
  const keys = usePolling((signal) => api.keys(signal), null);
  const usage = usePolling(
    async (signal) => (problem ? null : api.usage({ key: key || undefined, from: range.from, to: range.to }, signal)),
    null,
    [key, range.from, range.to, problem],
  );
  const report = usage.data;
  const chart = useMemo(() => (report ? tokensPerDay(report) : null), [report]);
  const chartSeries = useMemo(() => (chart ? [{ label: 'Total tokens', color: CHART_COLORS.primary, values: chart.tokens }] : []), [chart]);

  return (
    <section className="page" aria-labelledby="usage-title">
      <div className="page-head">
        <h1 id="usage-title">Usage</h1>
        <span className="muted">per UTC day and backend</span>
      </div>
      <div className="filters">
        <label>
          Key
          <select data-testid="usage-key" value={key} onChange={(event) => setKey(event.target.value)}>
            <option value="">all keys</option>
            {/* Requests without a key: the admin token's (the playground's) and those of a gateway running open. */}
            <option value="admin">admin token</option>
            <option value="open">no key (open gateway)</option>
            {(keys.data ?? []).map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name}
                {entry.revokedAt ? ' (revoked)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          From (UTC)
          <input type="date" data-testid="usage-from" value={range.from} max={range.to || undefined} onChange={(event) => setRange({ ...range, from: event.target.value })} />
        </label>
        <label>
          To (UTC)
          <input type="date" data-testid="usage-to" value={range.to} min={range.from || undefined} onChange={(event) => setRange({ ...range, to: event.target.value })} />
        </label>
        <button type="button" onClick={usage.refresh} disabled={problem !== null}>
          Refresh
        </button>
        <button type="button" data-testid="usage-csv" disabled={!report} onClick={() => report && download(usageCsv(report.data), usageCsvFilename(report.from, report.to))}>
          Export CSV
        </button>
      </div>
      <ErrorMessage message={problem ?? usage.error?.message ?? keys.error?.message} context={problem ? 'Dates' : usage.error ? 'Could not load usage' : 'Could not load the keys'} />
      {usage.loading && !report ? <p className="muted">Loading…</p> : null}
      {report ? (
        <>
          <UsageTable report={report} />
          {chart ? <LineChart title="Total tokens per day (UTC)" categories={chart.days} series={chartSeries} format={formatTokens} theme={theme} testId="usage-chart" /> : null}
        </>
      ) : null}
    </section>
  );
}
