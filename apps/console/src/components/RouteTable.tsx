import type { RouteEntry } from '@switchyard/contracts';
import { formatClock, formatMs, formatNumber } from '../data/format';
import { routeNotes } from '../data/route-detail';
import { isError, keyLabel } from '../data/routes';

interface RouteTableProps {
  routes: readonly RouteEntry[];
  selectedId: string | null;
  onSelect(requestId: string): void;
}

export function RouteTable({ routes, selectedId, onSelect }: RouteTableProps) {
  return (
    <div className="table-scroll">
      <table className="table routes" data-testid="routes-table">
        <thead>
          <tr>
            <th>Time</th>
            <th>Key</th>
            <th>Requested model</th>
            <th>Selected backend</th>
            <th>Failed / skipped / hedged / resumed</th>
            <th className="num">Status</th>
            <th className="num">Tokens</th>
            <th className="num">Latency</th>
            <th className="num">TTFT</th>
          </tr>
        </thead>
        <tbody>
          {routes.map((entry) => (
            <RouteRow key={entry.requestId} entry={entry} selected={entry.requestId === selectedId} onSelect={onSelect} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RouteRow({ entry, selected, onSelect }: { entry: RouteEntry; selected: boolean; onSelect(requestId: string): void }) {
  const notes = routeNotes(entry);
  const tokens = entry.promptTokens + entry.completionTokens;
  return (
    <tr
      data-testid="route-row"
      data-backend={entry.backend ?? ''}
      data-model={entry.requestedModel}
      data-key={keyLabel(entry)}
      data-status={entry.status}
      className={`${selected ? 'selected ' : ''}${isError(entry) ? 'row-error' : ''}`.trim() || undefined}
      tabIndex={0}
      aria-selected={selected}
      onClick={() => onSelect(entry.requestId)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onSelect(entry.requestId);
        }
      }}
    >
      <td className="nowrap">{formatClock(entry.receivedAt)}</td>
      <td>{keyLabel(entry)}</td>
      <td className="mono">{entry.requestedModel}</td>
      <td className="mono">{entry.backend ?? <span className="muted">none</span>}</td>
      <td className="notes">
        {notes.length ? (
          notes.map((note, index) => (
            <div key={index} className="note">
              {note}
            </div>
          ))
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="num">
        {entry.status}
        {entry.errorCode ? <div className="muted small">{entry.errorCode}</div> : null}
      </td>
      <td className="num" title={`${entry.promptTokens} prompt + ${entry.completionTokens} completion`}>
        {formatNumber(tokens)} tokens
      </td>
      <td className="num">{formatMs(entry.durationMs)}</td>
      <td className="num">{formatMs(entry.ttftMs)}</td>
    </tr>
  );
}
