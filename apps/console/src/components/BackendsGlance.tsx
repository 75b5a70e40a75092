import { useConsoleSnapshot } from '../hooks/useConsoleSnapshot';
import { useNow } from '../hooks/useNow';
import { workerRows, workersByState } from '../data/worker-state';

/** Workers up, draining and down at a glance, with their names. */
export function BackendsGlance({ error }: { error: string | null }) {
  const { workers } = useConsoleSnapshot();
  const now = useNow(1000);
  const groups = workersByState(workerRows(workers, now));
  const names = (ids: string[]): string => (ids.length ? ids.join(', ') : 'none');
  return (
    <div className="tile tile-wide" data-testid="tile-backends">
      <div className="tile-label">
        <a href="#/backends">Workers</a>
      </div>
      <div className="tile-value">
        <span className="state-text state-up">{groups.up.length} up</span>
        {' · '}
        <span className="state-text state-down">{groups.down.length} down</span>
        {groups.draining.length ? (
          <>
            {' · '}
            <span className="state-text state-draining">{groups.draining.length} draining</span>
          </>
        ) : null}
      </div>
      <div className="tile-detail">
        <div>Up: {names(groups.up)}</div>
        <div>Down: {names(groups.down)}</div>
        {groups.draining.length ? <div>Draining: {names(groups.draining)}</div> : null}
        {error ? <div className="text-error">Workers not refreshed: {error}</div> : null}
      </div>
    </div>
  );
}
