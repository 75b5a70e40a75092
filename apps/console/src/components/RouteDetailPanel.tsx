import type { RouteEntry } from '@switchyard/contracts';
import { useEffect } from 'react';
import { routeDetail } from '../data/route-detail';

interface RouteDetailPanelProps {
  entry: RouteEntry;
  onClose(): void;
}

/** Everything about one request: the routing decision and its timings. */
export function RouteDetailPanel({ entry, onClose }: RouteDetailPanelProps) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside className="panel detail" data-testid="route-detail" aria-label="Request detail">
      <div className="card-head">
        <h2>Request</h2>
        <button type="button" className="button-quiet" data-testid="route-detail-close" onClick={onClose} aria-label="Close the detail">
          ✕
        </button>
      </div>
      <dl className="facts detail-facts">
        {routeDetail(entry).map((field) => (
          <DetailFact key={field.label} label={field.label} lines={field.lines} />
        ))}
      </dl>
    </aside>
  );
}

function DetailFact({ label, lines }: { label: string; lines: string[] }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {lines.map((line, index) => (
          <div key={index}>{line}</div>
        ))}
      </dd>
    </>
  );
}
