import type { UpstreamStatus, WorkerHeartbeat } from '@switchyard/contracts';
import { WorkerRegistry } from '../registry/worker-registry';
import { collectCandidates, type Candidate } from './candidates';
import { CircuitBreaker } from './circuit-breaker';
import { candidateKey, planRoute, type PlanInput, type RoutePlan } from './plan';

const NOW = 1_700_000_000_000;

function local(workerId: string, overrides: Partial<Candidate> = {}): Candidate {
  return {
    workerId,
    backend: 'local:tiny',
    kind: 'local',
    provider: 'local',
    model: 'tiny',
    contextLength: 4096,
    preference: 0,
    busy: 0,
    capacity: 1,
    maxQueue: 4,
    ...overrides,
  };
}

function cloud(workerId: string, backend = 'openai:gpt-4o-mini', overrides: Partial<Candidate> = {}): Candidate {
  const [provider, model] = backend.split(':');
  return { ...local(workerId), backend, kind: 'cloud', provider, model, contextLength: 128_000, capacity: 64, maxQueue: 0, ...overrides };
}

const limited = (limits: Omit<NonNullable<UpstreamStatus['rateLimits']>, 'observedAt'>): UpstreamStatus => ({
  reachable: true,
  checkedAt: NOW - 100,
  rateLimits: { observedAt: NOW - 100, ...limits },
});

describe('planRoute', () => {
  let breaker: CircuitBreaker;
  let clock: number;

  beforeEach(() => {
    clock = NOW;
    breaker = new CircuitBreaker({ failureThreshold: 2, openMs: 10_000 }, () => clock);
  });

  const plan = (candidates: Candidate[], overrides: Partial<PlanInput> = {}, upstream: Record<string, UpstreamStatus> = {}): RoutePlan =>
    planRoute(candidates, {
      policy: 'edge-first',
      now: NOW,
      promptTokens: 1_000,
      completionTokens: 100,
      prices: {},
      latencyOf: () => undefined,
      breaker,
      upstreamOf: (c) => upstream[c.workerId],
      ...overrides,
    });
  const ids = (p: RoutePlan): string[] => p.order.map((c) => c.workerId);

  it('orders every usable candidate by the policy and skips none', () => {
    const candidates = [cloud('c1'), local('l1')];
    expect(ids(plan(candidates))).toEqual(['l1', 'c1']);
    expect(ids(plan(candidates, { policy: 'cloud-first' }))).toEqual(['c1', 'l1']);
    expect(plan(candidates).skipped).toEqual([]);
    expect([...plan(candidates).demoted]).toEqual([]);
  });

  it('leaves the input as it was', () => {
    const candidates = [cloud('c1'), local('l1')];
    plan(candidates);
    expect(candidates.map((c) => c.workerId)).toEqual(['c1', 'l1']);
  });

  it('skips a backend whose provider has no rate-limit headroom, saying until when', () => {
    const upstream = { c1: limited({ requests: { remaining: 0, resetAt: NOW + 20_000 } }), c2: limited({ requests: { remaining: 5, resetAt: NOW + 20_000 } }) };
    const result = plan([cloud('c1'), cloud('c2', 'anthropic:claude'), local('l1')], { policy: 'cloud-first' }, upstream);
    expect(ids(result)).toEqual(['c2', 'l1']);
    expect(result.skipped).toEqual([{ backend: 'openai:gpt-4o-mini', workerId: 'c1', reason: 'rate_limited', until: NOW + 20_000 }]);
  });

  it('weighs the token headroom against the estimated prompt', () => {
    const upstream = { c1: limited({ tokens: { remaining: 600, resetAt: NOW + 5_000 } }) };
    expect(ids(plan([cloud('c1')], { promptTokens: 600 }, upstream))).toEqual(['c1']);
    expect(plan([cloud('c1')], { promptTokens: 601 }, upstream).skipped).toEqual([
      { backend: 'openai:gpt-4o-mini', workerId: 'c1', reason: 'rate_limited', until: NOW + 5_000 },
    ]);
  });

  it('uses a backend again once its rate-limit window has reset', () => {
    const upstream = { c1: limited({ requests: { remaining: 0, resetAt: NOW + 20_000 } }) };
    expect(ids(plan([cloud('c1')], { now: NOW + 20_000 }, upstream))).toEqual(['c1']);
  });

  it('skips a worker whose circuit is open, saying when it is probed again', () => {
    breaker.failure('l1');
    breaker.failure('l1');
    const result = plan([local('l1'), cloud('c1')]);
    expect(ids(result)).toEqual(['c1']);
    expect(result.skipped).toEqual([{ backend: 'local:tiny', workerId: 'l1', reason: 'circuit_open', until: NOW + 10_000 }]);
  });

  it('offers a half-open worker for one probe, and skips it while the probe runs', () => {
    breaker.failure('l1');
    breaker.failure('l1');
    clock += 10_000;
    expect(ids(plan([local('l1'), cloud('c1')], { now: clock }))).toEqual(['l1', 'c1']);
    breaker.onAttempt('l1');
    const during = plan([local('l1'), cloud('c1')], { now: clock });
    expect(ids(during)).toEqual(['c1']);
    expect(during.skipped).toEqual([{ backend: 'local:tiny', workerId: 'l1', reason: 'circuit_open', until: undefined }]);
  });

  it('puts a worker whose circuit lost races opened last, behind a prompt too long, instead of skipping it', () => {
    breaker.open('l1');
    expect(breaker.demotes('l1')).toBe(true);
    const result = plan([local('l1'), cloud('c1')]);
    expect(ids(result)).toEqual(['c1', 'l1']);
    expect(result.skipped).toEqual([]);
    expect([...result.slow]).toEqual(['l1/local:tiny']);
    // Alone, it is still offered: a pinned request waits for a slow backend rather than being refused.
    expect(ids(plan([local('l1')]))).toEqual(['l1']);
  });

  it('skips a worker that failed and then lost races, as any failing one', () => {
    breaker.failure('l1');
    breaker.open('l1');
    expect(breaker.demotes('l1')).toBe(false);
    expect(ids(plan([local('l1'), cloud('c1')]))).toEqual(['c1']);
  });

  it('reports a backend both rate-limited and failing as rate-limited', () => {
    breaker.failure('c1');
    breaker.failure('c1');
    const result = plan([cloud('c1')], {}, { c1: limited({ retryAfterUntil: NOW + 3_000 }) });
    expect(result.skipped.map((s) => s.reason)).toEqual(['rate_limited']);
  });

  it('plans nothing when every backend is skipped', () => {
    breaker.failure('l1');
    breaker.failure('l1');
    const result = plan([local('l1'), cloud('c1')], {}, { c1: limited({ retryAfterUntil: NOW + 3_000 }) });
    expect(result.order).toEqual([]);
    expect(result.skipped.map((s) => `${s.workerId}:${s.reason}`)).toEqual(['l1:circuit_open', 'c1:rate_limited']);
  });

  describe('a prompt longer than a context', () => {
    const candidates = [local('small', { contextLength: 512, capacity: 2, busy: 1 }), cloud('c1'), local('big', { contextLength: 8192, busy: 1 }), local('tiny', { contextLength: 256, capacity: 2 })];

    it('sends models too small for it to the back, in policy order, as a last resort', () => {
      const result = plan(candidates, { promptTokens: 1_000 });
      expect(ids(result)).toEqual(['c1', 'big', 'tiny', 'small']);
      expect([...result.demoted].sort()).toEqual(['small/local:tiny', 'tiny/local:tiny']);
      expect(result.skipped).toEqual([]);
    });

    it('demotes nothing when the prompt fits exactly', () => {
      const result = plan(candidates, { promptTokens: 256 });
      expect(ids(result)).toEqual(['tiny', 'small', 'c1', 'big']);
      expect(result.demoted.size).toBe(0);
    });

    it('still demotes a model an alias prefers', () => {
      const preferred = [local('small', { contextLength: 512, preference: 0 }), cloud('c1', undefined, { preference: 1 })];
      expect(ids(plan(preferred, { promptTokens: 1_000 }))).toEqual(['c1', 'small']);
    });
  });

  it('keys a candidate by worker and backend', () => {
    expect(candidateKey(cloud('c1', 'ollama:llama3:8b'))).toBe('c1/ollama:llama3:8b');
  });
});

describe('planRoute over the registry', () => {
  const heartbeat = (workerId: string, inFlight: number): WorkerHeartbeat => ({
    workerId,
    kind: 'local',
    provider: 'local',
    subject: `switchyard.worker.${workerId}.infer`,
    models: [{ name: 'tiny', contextLength: 2048, capabilities: ['chat'] }],
    capacity: 2,
    inFlight,
    queued: 0,
    maxQueue: 4,
    draining: false,
    intervalMs: 500,
    sentAt: 1,
  });

  it.each(['edge-first', 'cloud-first', 'fastest', 'cheapest'] as const)(
    '%s: sends to the replica with fewer requests, counting those the last heartbeat has not shown yet',
    (policy) => {
      const registry = new WorkerRegistry(3_000, () => NOW);
      registry.upsert(heartbeat('r1', 0));
      registry.upsert(heartbeat('r2', 1));
      const first = (): string => {
        const candidates = collectCandidates(registry.list(), { kind: 'auto' }, ['chat'], (id) => registry.inFlightFromHere(id));
        const input: PlanInput = {
          policy,
          now: NOW,
          promptTokens: 10,
          completionTokens: 10,
          prices: {},
          latencyOf: () => undefined,
          breaker: new CircuitBreaker({ failureThreshold: 3, openMs: 1_000 }),
          upstreamOf: () => undefined,
        };
        return planRoute(candidates, input).order[0].workerId;
      };

      expect(first()).toBe('r1');
      const releaseA = registry.countInFlight('r1');
      expect(first()).toBe('r1'); // 1 each: the worker id breaks the tie
      const releaseB = registry.countInFlight('r1');
      expect(first()).toBe('r2'); // the heartbeat still says r1 is idle, but this router sent it two
      releaseA();
      releaseB();
      expect(first()).toBe('r1');
    },
  );
});
