import { createConsoleStore } from './console-store';
import { backendsView, heartbeat, routeEntry, workerView } from './testing/fixtures';
import { workerStatus } from './worker-state';

describe('console store', () => {
  it('applies feed events and tells subscribers, with a new snapshot each change', () => {
    const store = createConsoleStore();
    let notified = 0;
    const unsubscribe = store.subscribe(() => notified++);
    const first = store.getSnapshot();
    store.applyFeedEvent({ event: 'route', data: routeEntry({ requestId: 'a' }) }, 1);
    store.applyFeedEvent({ event: 'worker', data: heartbeat({ sentAt: 10 }) }, 10);
    store.applyFeedEvent({ event: 'goodbye', data: { workerId: 'local-1' } }, 20);
    const snapshot = store.getSnapshot();
    expect(snapshot).not.toBe(first);
    expect(snapshot.routes.map((r) => r.requestId)).toEqual(['a']);
    expect(workerStatus(snapshot.workers['local-1'], 21).state).toBe('down');
    expect(notified).toBe(3);
    unsubscribe();
    store.applyFeedEvent({ event: 'route', data: routeEntry({ requestId: 'b' }) }, 2);
    expect(notified).toBe(3);
  });

  it('does not notify for events that change nothing', () => {
    const store = createConsoleStore();
    let notified = 0;
    store.subscribe(() => notified++);
    store.applyFeedEvent({ event: 'goodbye', data: { workerId: 'unknown' } }, 1);
    store.applyFeedEvent({ event: 'worker', data: heartbeat({ sentAt: 10 }) }, 10);
    store.applyFeedEvent({ event: 'worker', data: heartbeat({ sentAt: 10 }) }, 11);
    expect(notified).toBe(1);
  });

  it('merges /backends and /routes answers and counts live connections', () => {
    const store = createConsoleStore();
    store.applyBackends(backendsView(100, [workerView(heartbeat({ sentAt: 100 }))]), 90, 100);
    store.mergeRoutes([routeEntry({ requestId: 'x' })]);
    store.setFeedStatus({ state: 'live', since: 1 });
    store.setFeedStatus({ state: 'reconnecting', retryAt: 5, reason: 'closed', attempt: 1 });
    store.setFeedStatus({ state: 'live', since: 6 });
    const snapshot = store.getSnapshot();
    expect(Object.keys(snapshot.workers)).toEqual(['local-1']);
    expect(snapshot.routes).toHaveLength(1);
    expect(snapshot.feedConnections).toBe(2);
    expect(snapshot.feed.state).toBe('live');
  });
});
