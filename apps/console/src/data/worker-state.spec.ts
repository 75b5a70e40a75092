import { backendsView, heartbeat, workerView } from './testing/fixtures';
import { applyBackends, applyGoodbye, applyHeartbeat, workerRows, workersByState, workerStatus, type WorkerRegistry } from './worker-state';

const T = 1_000_000;

describe('worker state', () => {
  it('is up after a heartbeat and draining while the worker drains', () => {
    let registry: WorkerRegistry = applyHeartbeat({}, heartbeat({ sentAt: T }), T);
    expect(workerStatus(registry['local-1'], T + 100)).toEqual({ state: 'up', downSince: null, downReasons: [] });
    registry = applyHeartbeat(registry, heartbeat({ sentAt: T + 1000, draining: true }), T + 1000);
    expect(workerStatus(registry['local-1'], T + 1100).state).toBe('draining');
  });

  it('goes down when its heartbeat is older than three intervals', () => {
    const registry = applyHeartbeat({}, heartbeat({ sentAt: T, intervalMs: 1000 }), T);
    expect(workerStatus(registry['local-1'], T + 3000).state).toBe('up');
    expect(workerStatus(registry['local-1'], T + 3001)).toEqual({ state: 'down', downSince: T + 3000, downReasons: ['silent'] });
  });

  it('judges age on the browser clock, not the worker clock', () => {
    // The worker's clock is an hour ahead; the heartbeat just arrived.
    const registry = applyHeartbeat({}, heartbeat({ sentAt: T + 3_600_000 }), T);
    expect(workerStatus(registry['local-1'], T + 500).state).toBe('up');
  });

  it('goes down at once on a goodbye, even while draining, and comes back with a newer heartbeat', () => {
    let registry = applyHeartbeat({}, heartbeat({ sentAt: T, draining: true }), T);
    registry = applyGoodbye(registry, 'local-1', T + 200);
    expect(workerStatus(registry['local-1'], T + 300)).toEqual({ state: 'down', downSince: T + 200, downReasons: ['left'] });
    // The same heartbeat again (e.g. from a router that had not heard the goodbye) does not revive it.
    registry = applyHeartbeat(registry, heartbeat({ sentAt: T, draining: true }), T + 400);
    expect(workerStatus(registry['local-1'], T + 400).state).toBe('down');
    registry = applyHeartbeat(registry, heartbeat({ sentAt: T + 5000 }), T + 5000);
    expect(workerStatus(registry['local-1'], T + 5000).state).toBe('up');
  });

  it('ignores a goodbye from a worker never seen, and an older heartbeat', () => {
    const registry = applyHeartbeat({}, heartbeat({ sentAt: T, inFlight: 2 }), T);
    expect(applyGoodbye(registry, 'stranger', T)).toBe(registry);
    const after = applyHeartbeat(registry, heartbeat({ sentAt: T - 1000, inFlight: 0 }), T + 10);
    expect(after).toBe(registry);
    expect(after['local-1'].heartbeat.inFlight).toBe(2);
  });

  it('takes heartbeats and router measurements from /backends, aged by the router', () => {
    const hb = heartbeat({ sentAt: 50_000, intervalMs: 1000 });
    // The router answered at 50_800 by its clock: the heartbeat was 800 ms old.
    const view = backendsView(50_800, [workerView(hb, { circuit: 'half-open', latency: { 'local:stories260k': { ttftMs: 20, samples: 3, recentTtftMs: [20] } } })]);
    const registry = applyBackends({}, view, T - 50, T);
    const worker = registry['local-1'];
    expect(worker.heardAt).toBe(T - 800);
    expect(worker.router?.circuit).toBe('half-open');
    expect(workerStatus(worker, T + 2200).state).toBe('up');
    expect(workerStatus(worker, T + 2201).state).toBe('down');
  });

  it('keeps a newer feed heartbeat over the older one a /backends answer carries, but refreshes the measurements', () => {
    let registry = applyHeartbeat({}, heartbeat({ sentAt: T + 1000, inFlight: 1 }), T + 1000);
    registry = applyBackends(registry, backendsView(T + 1000, [workerView(heartbeat({ sentAt: T, inFlight: 0 }), { circuit: 'open' })]), T + 900, T + 1100);
    expect(registry['local-1'].heartbeat.inFlight).toBe(1);
    expect(registry['local-1'].heardAt).toBe(T + 1000);
    expect(registry['local-1'].router?.circuit).toBe('open');
  });

  it('marks a worker down when /backends stops listing it, and up again when it is listed with a newer heartbeat', () => {
    let registry = applyBackends({}, backendsView(T, [workerView(heartbeat({ sentAt: T, intervalMs: 10_000 }))]), T, T);
    registry = applyBackends(registry, backendsView(T + 2000, []), T + 2000, T + 2050);
    expect(workerStatus(registry['local-1'], T + 2100)).toEqual({ state: 'down', downSince: T + 2050, downReasons: ['missing'] });
    // A later answer without it keeps the first time it went missing.
    registry = applyBackends(registry, backendsView(T + 4000, []), T + 4000, T + 4050);
    expect(registry['local-1'].missingAt).toBe(T + 2050);
    registry = applyBackends(registry, backendsView(T + 6000, [workerView(heartbeat({ sentAt: T + 6000, intervalMs: 10_000 }))]), T + 6000, T + 6000);
    expect(workerStatus(registry['local-1'], T + 6000).state).toBe('up');
  });

  it('does not mark missing a worker heard just before the question (the router may not know it yet)', () => {
    let registry = applyHeartbeat({}, heartbeat({ sentAt: T }), T);
    registry = applyBackends(registry, backendsView(T + 500, []), T + 500, T + 600);
    expect(registry['local-1'].missingAt).toBeNull();
  });

  it('reports the earliest time among several reasons', () => {
    let registry = applyHeartbeat({}, heartbeat({ sentAt: T, intervalMs: 1000 }), T);
    registry = applyGoodbye(registry, 'local-1', T + 10_000);
    expect(workerStatus(registry['local-1'], T + 20_000)).toEqual({ state: 'down', downSince: T + 3000, downReasons: ['left', 'silent'] });
  });

  it('lists workers in a stable order and groups them by state', () => {
    let registry: WorkerRegistry = {};
    registry = applyHeartbeat(registry, heartbeat({ workerId: 'cloud-b', kind: 'cloud', provider: 'openai', sentAt: T }), T);
    registry = applyHeartbeat(registry, heartbeat({ workerId: 'local-2', sentAt: T, draining: true }), T);
    registry = applyHeartbeat(registry, heartbeat({ workerId: 'cloud-a', kind: 'cloud', provider: 'anthropic', sentAt: T }), T);
    registry = applyHeartbeat(registry, heartbeat({ workerId: 'local-1', sentAt: T }), T);
    registry = applyGoodbye(registry, 'cloud-b', T + 1);
    const rows = workerRows(registry, T + 10);
    expect(rows.map((row) => row.worker.heartbeat.workerId)).toEqual(['local-1', 'local-2', 'cloud-a', 'cloud-b']);
    expect(workersByState(rows)).toEqual({ up: ['local-1', 'cloud-a'], draining: ['local-2'], down: ['cloud-b'] });
  });
});
