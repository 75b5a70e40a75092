import type { WorkerHeartbeat } from '@switchyard/contracts';
import { WorkerRegistry } from './worker-registry';

const TTL_MS = 3_000;

function heartbeat(workerId: string, overrides: Partial<WorkerHeartbeat> = {}): WorkerHeartbeat {
  return {
    workerId,
    kind: 'local',
    provider: 'local',
    subject: `switchyard.worker.${workerId}.infer`,
    models: [{ name: 'stories260k', contextLength: 512, capabilities: ['chat'] }],
    capacity: 1,
    inFlight: 0,
    queued: 0,
    maxQueue: 8,
    draining: false,
    intervalMs: 500,
    sentAt: 1,
    ...overrides,
  };
}

describe('WorkerRegistry', () => {
  let now: number;
  let registry: WorkerRegistry;

  beforeEach(() => {
    now = 1_000_000;
    registry = new WorkerRegistry(TTL_MS, () => now);
  });

  const ids = (): string[] => registry.list().map((w) => w.heartbeat.workerId);

  it('starts empty', () => {
    expect(registry.list()).toEqual([]);
    expect(registry.size).toBe(0);
  });

  it('reports a worker as new on its first heartbeat only', () => {
    expect(registry.upsert(heartbeat('w1'))).toBe(true);
    now += 500;
    expect(registry.upsert(heartbeat('w1'))).toBe(false);
    expect(registry.upsert(heartbeat('w2'))).toBe(true);
    expect(registry.size).toBe(2);
  });

  it('keeps the latest heartbeat and the first time it saw the worker', () => {
    registry.upsert(heartbeat('w1', { inFlight: 0 }));
    now += 700;
    registry.upsert(heartbeat('w1', { inFlight: 1 }));
    expect(registry.list()).toEqual([{ heartbeat: heartbeat('w1', { inFlight: 1 }), firstSeen: 1_000_000, expiresAt: 1_000_700 + TTL_MS }]);
  });

  it.each([
    ['just before the ttl', TTL_MS - 1, ['w1']],
    ['at the ttl', TTL_MS, []],
    ['long after', TTL_MS * 10, []],
  ])('lists a silent worker %s accordingly, before any sweep', (_name, silence, expected) => {
    registry.upsert(heartbeat('w1'));
    now += silence;
    expect(ids()).toEqual(expected);
    expect(registry.size).toBe(expected.length);
  });

  it('keeps a worker alive while it keeps sending heartbeats', () => {
    registry.upsert(heartbeat('w1'));
    for (let i = 0; i < 10; i++) {
      now += TTL_MS - 1;
      registry.upsert(heartbeat('w1'));
    }
    now += TTL_MS - 1;
    expect(registry.expire()).toEqual([]);
    expect(ids()).toEqual(['w1']);
  });

  it('sweeps only the workers that went silent and returns their ids', () => {
    registry.upsert(heartbeat('old'));
    now += 2_000;
    registry.upsert(heartbeat('fresh'));
    now += 1_000;
    expect(registry.expire()).toEqual(['old']);
    expect(ids()).toEqual(['fresh']);
    expect(registry.expire()).toEqual([]);
  });

  it('treats a worker that comes back after expiring as new', () => {
    registry.upsert(heartbeat('w1'));
    now += TTL_MS;
    registry.expire();
    now += 5_000;
    expect(registry.upsert(heartbeat('w1'))).toBe(true);
    expect(registry.list()[0].firstSeen).toBe(now);
  });

  it('forgets a worker on remove, saying whether it knew it', () => {
    registry.upsert(heartbeat('w1'));
    registry.upsert(heartbeat('w2'));
    expect(registry.remove('w1')).toBe(true);
    expect(registry.remove('w1')).toBe(false);
    expect(registry.remove('never-seen')).toBe(false);
    expect(ids()).toEqual(['w2']);
  });

  describe('has', () => {
    it('is true for a live worker only', () => {
      registry.upsert(heartbeat('w1'));
      expect(registry.has('w1')).toBe(true);
      expect(registry.has('w2')).toBe(false);
    });

    it('is false once the worker is silent for the ttl, before any sweep', () => {
      registry.upsert(heartbeat('w1'));
      now += TTL_MS - 1;
      expect(registry.has('w1')).toBe(true);
      now += 1;
      expect(registry.has('w1')).toBe(false);
    });

    it('is false after remove', () => {
      registry.upsert(heartbeat('w1'));
      registry.remove('w1');
      expect(registry.has('w1')).toBe(false);
    });
  });

  describe('onGone', () => {
    let gone: string[];

    beforeEach(() => {
      gone = [];
      registry.onGone((id) => gone.push(id));
    });

    it('tells of a worker that said goodbye, once', () => {
      registry.upsert(heartbeat('w1'));
      registry.remove('w1');
      registry.remove('w1');
      expect(gone).toEqual(['w1']);
    });

    it('says nothing of a worker it never knew', () => {
      registry.remove('never-seen');
      expect(gone).toEqual([]);
    });

    it('tells of every worker a sweep drops, and of no live one', () => {
      registry.upsert(heartbeat('a'));
      registry.upsert(heartbeat('b'));
      now += 2_000;
      registry.upsert(heartbeat('fresh'));
      now += 1_000;
      registry.expire();
      expect(gone).toEqual(['a', 'b']);
    });

    it('says nothing of a worker that merely looks expired until the sweep', () => {
      registry.upsert(heartbeat('w1'));
      now += TTL_MS;
      expect(registry.list()).toEqual([]);
      expect(gone).toEqual([]);
      registry.expire();
      expect(gone).toEqual(['w1']);
    });

    it('calls every listener until it unsubscribes', () => {
      const other: string[] = [];
      const unsubscribe = registry.onGone((id) => other.push(id));
      registry.upsert(heartbeat('w1'));
      registry.upsert(heartbeat('w2'));
      registry.remove('w1');
      unsubscribe();
      registry.remove('w2');
      expect(other).toEqual(['w1']);
      expect(gone).toEqual(['w1', 'w2']);
    });
  });

  describe('track', () => {
    it('counts the requests this router sent to each worker until they are released', () => {
      expect(registry.inFlightFromHere('w1')).toBe(0);
      const first = registry.countInFlight('w1');
      const second = registry.countInFlight('w1');
      registry.countInFlight('w2');
      expect(registry.inFlightFromHere('w1')).toBe(2);
      expect(registry.inFlightFromHere('w2')).toBe(1);
      first();
      expect(registry.inFlightFromHere('w1')).toBe(1);
      second();
      expect(registry.inFlightFromHere('w1')).toBe(0);
      expect(registry.inFlightFromHere('w2')).toBe(1);
    });

    it('releases each request once, however often its release is called', () => {
      const first = registry.countInFlight('w1');
      registry.countInFlight('w1');
      first();
      first();
      first();
      expect(registry.inFlightFromHere('w1')).toBe(1);
    });

    it('counts requests to a worker it has no heartbeat from, and keeps counting after it leaves', () => {
      const release = registry.countInFlight('w1');
      registry.upsert(heartbeat('w1'));
      registry.remove('w1');
      expect(registry.inFlightFromHere('w1')).toBe(1);
      release();
      expect(registry.inFlightFromHere('w1')).toBe(0);
    });
  });
});
