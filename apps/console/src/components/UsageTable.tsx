import type { UsageReport } from '@switchyard/contracts';
import { formatNumber } from '../data/format';

/** The report's rows (day, backend) and their sum. */
export function UsageTable({ report }: { report: UsageReport }) {
  return (
    <div className="table-scroll usage-scroll">
      <table className="table" data-testid="usage-table">
        <thead>
          <tr>
            <th>Date (UTC)</th>
            <th>Model</th>
            <th className="num">Requests</th>
            <th className="num">Prompt tokens</th>
            <th className="num">Completion tokens</th>
            <th className="num">Total tokens</th>
          </tr>
        </thead>
        <tbody>
          {report.data.length === 0 ? (
            <tr>
              <td colSpan={6} className="muted">
                No requests from {report.from} to {report.to}.
              </td>
            </tr>
          ) : (
            report.data.map((row) => (
              <tr key={`${row.date}\u0000${row.model}`} data-testid="usage-row">
                <td className="nowrap">{row.date}</td>
                <td className="mono">{row.model}</td>
                <td className="num">{formatNumber(row.requests)} req</td>
                <td className="num">{formatNumber(row.prompt_tokens)} tokens</td>
                <td className="num">{formatNumber(row.completion_tokens)} tokens</td>
                <td className="num">{formatNumber(row.total_tokens)} tokens</td>
              </tr>
            ))
          )}
        </tbody>
        <tfoot>
          <tr data-testid="usage-total">
            <th colSpan={2}>Total</th>
            <th className="num">{formatNumber(report.total.requests)} req</th>
            <th className="num">{formatNumber(report.total.prompt_tokens)} tokens</th>
            <th className="num">{formatNumber(report.total.completion_tokens)} tokens</th>
            <th className="num">{formatNumber(report.total.total_tokens)} tokens</th>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
