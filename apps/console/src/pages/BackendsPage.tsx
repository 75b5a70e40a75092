import { ErrorMessage } from '../components/ErrorMessage';
import { WorkerCard } from '../components/WorkerCard';
import { workerRows } from '../data/worker-state';
import { useBackends } from '../hooks/useBackends';
import { useConsoleSnapshot } from '../hooks/useConsoleSnapshot';
import { useNow } from '../hooks/useNow';

const BACKENDS_REFRESH_MS = 2000;
/** How often liveness is judged again (a heartbeat is late after three of its intervals). */
const LIVENESS_CHECK_MS = 500;

export function BackendsPage() {
  const backends = useBackends(BACKENDS_REFRESH_MS);
  const { workers } = useConsoleSnapshot();
  const now = useNow(LIVENESS_CHECK_MS);
  const rows = workerRows(workers, now);

  return (
    <section className="page" aria-labelledby="backends-title">
      <div className="page-head">
        <h1 id="backends-title">Backends</h1>
        <span className="muted">
          {backends.data ? `as seen by router ${backends.data.routerId}, ` : ''}refreshed every 2 s and on every heartbeat
        </span>
      </div>
      <ErrorMessage message={backends.error?.message} context="Could not load the workers" />
      {rows.length === 0 && backends.data ? <p className="muted">No worker has announced itself yet.</p> : null}
      {rows.length === 0 && !backends.data && !backends.error ? <p className="muted">Loading…</p> : null}
      <div className="worker-grid">
        {rows.map((row) => (
          <WorkerCard key={row.worker.heartbeat.workerId} row={row} now={now} />
        ))}
      </div>
    </section>
  );
}
