import type { BackendsView, ConsoleFeedEvent, RouteEntry } from '@switchyard/contracts';
import type { FeedStatus } from './feed-connection';
import { mergeRoutes, prependRoute } from './routes';
import { applyBackends, applyGoodbye, applyHeartbeat, type WorkerRegistry } from './worker-state';

/** What the console keeps across pages for one signed-in session. */
export interface ConsoleSnapshot {
  workers: WorkerRegistry;
  routes: readonly RouteEntry[];
  feed: FeedStatus;
  /** Times the feed went live; pages refetch lists when it grows (events may have been missed while it was down). */
  feedConnections: number;
}

export interface ConsoleStore {
  getSnapshot(): ConsoleSnapshot;
  subscribe(listener: () => void): () => void;
  applyFeedEvent(event: ConsoleFeedEvent, receivedAt: number): void;
  applyBackends(view: BackendsView, requestedAt: number, receivedAt: number): void;
  mergeRoutes(fetched: readonly RouteEntry[]): void;
  setFeedStatus(status: FeedStatus): void;
}

/** A small external store (for React's useSyncExternalStore): each change makes a new snapshot object. */
export function createConsoleStore(): ConsoleStore {
  let snapshot: ConsoleSnapshot = { workers: {}, routes: [], feed: { state: 'connecting' }, feedConnections: 0 };
  const listeners = new Set<() => void>();

  function update(change: Partial<ConsoleSnapshot>): void {
    snapshot = { ...snapshot, ...change };
    for (const listener of listeners) listener();
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    applyFeedEvent(event, receivedAt) {
      switch (event.event) {
        case 'route':
          return update({ routes: prependRoute(snapshot.routes, event.data) });
        case 'worker': {
          const workers = applyHeartbeat(snapshot.workers, event.data, receivedAt);
          return workers === snapshot.workers ? undefined : update({ workers });
        }
        case 'goodbye': {
          const workers = applyGoodbye(snapshot.workers, event.data.workerId, receivedAt);
          return workers === snapshot.workers ? undefined : update({ workers });
        }
      }
    },
    applyBackends(view, requestedAt, receivedAt) {
      update({ workers: applyBackends(snapshot.workers, view, requestedAt, receivedAt) });
    },
    mergeRoutes(fetched) {
      update({ routes: mergeRoutes(snapshot.routes, fetched) });
    },
    setFeedStatus(feed) {
      update({ feed, feedConnections: snapshot.feedConnections + (feed.state === 'live' ? 1 : 0) });
    },
  };
}
