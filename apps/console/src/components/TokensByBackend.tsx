import { formatTokens } from '../data/format';

/** Tokens per backend over the overview window, most first, with a bar for scale. */
export function TokensByBackend({ rows }: { rows: ReadonlyArray<{ backend: string; tokens: number }> }) {
  const most = Math.max(1, ...rows.map((row) => row.tokens));
  return (
    <div className="panel" data-testid="tokens-by-backend">
      <h2>Tokens per backend</h2>
      {rows.length === 0 ? (
        <p className="muted">No tokens in this window.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>Backend</th>
              <th className="num">Tokens (prompt + completion)</th>
              <th aria-label="Share" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.backend}>
                <td className="mono">{row.backend}</td>
                <td className="num">{formatTokens(row.tokens)}</td>
                <td className="bar-cell">
                  <span className="bar" style={{ width: `${(row.tokens / most) * 100}%` }} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
