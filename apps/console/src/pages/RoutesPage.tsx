import type { RouteEntry } from '@switchyard/contracts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useConsole } from '../console-context';
import { ErrorMessage } from '../components/ErrorMessage';
import { RouteDetailPanel } from '../components/RouteDetailPanel';
import { RouteFilters } from '../components/RouteFilters';
import { RouteTable } from '../components/RouteTable';
import { errorFromFailure } from '../data/api-error';
import { filterChoices, filterRoutes, NO_FILTER, type RouteFilter } from '../data/routes';
import { useConsoleSnapshot } from '../hooks/useConsoleSnapshot';

const INITIAL_ROUTES = 200;

export function RoutesPage() {
  const { api, store } = useConsole();
  const { routes, feedConnections } = useConsoleSnapshot();
  const [filter, setFilter] = useState<RouteFilter>(NO_FILTER);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  // The latest requests on opening, and again after each feed reconnect (events may have been missed meanwhile).
  useEffect(() => {
    const controller = new AbortController();
    api
      .routes(INITIAL_ROUTES, controller.signal)
      .then((list) => {
        store.mergeRoutes(list.data);
        setError(null);
        setLoaded(true);
      })
      .catch((caught: unknown) => {
        const failure = errorFromFailure(caught);
        if (!failure.aborted) setError(failure.message);
      });
    return () => controller.abort();
  }, [api, store, feedConnections]);

  const shown = useMemo(() => filterRoutes(routes, filter), [routes, filter]);
  const choices = useMemo(() => filterChoices(routes), [routes]);
  const closeDetail = useCallback(() => setSelectedId(null), []);
  const selected: RouteEntry | undefined = useMemo(() => routes.find((entry) => entry.requestId === selectedId), [routes, selectedId]);

  return (
    <section className="page" aria-labelledby="routes-title">
      <div className="page-head">
        <h1 id="routes-title">Live routes</h1>
        <span className="muted">
          {shown.length === routes.length ? `${routes.length} requests` : `${shown.length} of ${routes.length} requests`}, newest first (up to 500 kept)
        </span>
      </div>
      <ErrorMessage message={error} context="Could not load the latest requests" />
      <RouteFilters filter={filter} choices={choices} onChange={setFilter} />
      {!loaded && !error && routes.length === 0 ? <p className="muted">Loading…</p> : null}
      {loaded && routes.length === 0 ? <p className="muted">No requests yet. They appear here as they finish.</p> : null}
      <div className={selected ? 'split split-open' : 'split'}>
        <RouteTable routes={shown} selectedId={selectedId} onSelect={setSelectedId} />
        {selected ? <RouteDetailPanel entry={selected} onClose={closeDetail} /> : null}
      </div>
    </section>
  );
}
