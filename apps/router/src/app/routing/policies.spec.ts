import { ROUTING_POLICIES, type RoutingPolicy } from '@switchyard/contracts';
import type { PriceConfig } from '@switchyard/config';
import type { Candidate } from './candidates';
import type { LatencyStats } from './latency-tracker';
import { expectedCost, expectedLatencyMs, policyComparator, priceOf, type PolicyContext } from './policies';

/** A local llama.cpp worker: one slot, a queue of four. */
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

/** A cloud worker for `provider:model`: many slots, no queue. */
function cloud(workerId: string, backend = 'openai:gpt-4o-mini', overrides: Partial<Candidate> = {}): Candidate {
  const [provider, model] = backend.split(':');
  return { ...local(workerId), backend, kind: 'cloud', provider, model, contextLength: 128_000, capacity: 64, maxQueue: 0, ...overrides };
}

const stats = (ttftMs: number, tokensPerSecond?: number): LatencyStats => ({ ttftMs, tokensPerSecond, samples: 5, recentTtftMs: [ttftMs] });

/** 1,000 prompt tokens, 100 completion tokens, latency looked up by worker id. */
function context(latency: Record<string, LatencyStats> = {}, prices: Record<string, PriceConfig> = {}, completionTokens = 100): PolicyContext {
  return { promptTokens: 1_000, completionTokens, latencyOf: (c) => latency[c.workerId], prices };
}

/** Worker ids in the policy's order; the order must not depend on the order the candidates came in. */
function ranked(policy: RoutingPolicy, candidates: Candidate[], ctx: PolicyContext = context()): string[] {
  const compare = policyComparator(policy, ctx, candidates);
  const forward = [...candidates].sort(compare).map((c) => c.workerId);
  const backward = [...candidates].reverse().sort(compare).map((c) => c.workerId);
  expect(backward).toEqual(forward);
  return forward;
}

describe('edge-first', () => {
  it.each<[string, Candidate[], string[]]>([
    ['a local worker with a free slot before cloud', [cloud('c1'), local('l1')], ['l1', 'c1']],
    ['cloud before a local worker that would queue', [cloud('c1'), local('l1', { busy: 1 })], ['c1', 'l1']],
    ['a local worker that would queue before a cloud worker that is full', [cloud('c1', undefined, { busy: 64 }), local('l1', { busy: 3 })], ['l1', 'c1']],
    ['a local worker that would queue before a full local one', [local('full', { busy: 5 }), local('queueing', { busy: 4 })], ['queueing', 'full']],
    ['full workers last, least loaded first', [local('l1', { busy: 5 }), cloud('c1', undefined, { busy: 64 }), local('l2', { busy: 6, capacity: 2 })], ['c1', 'l2', 'l1']],
    [
      'among local workers with a free slot, the least loaded',
      [local('half', { capacity: 4, busy: 2 }), local('idle', { capacity: 2 }), local('quarter', { capacity: 4, busy: 1 })],
      ['idle', 'quarter', 'half'],
    ],
    ['among cloud workers, the least loaded', [cloud('busy', undefined, { busy: 32 }), cloud('idle')], ['idle', 'busy']],
  ])('sends %s', (_name, candidates, expected) => {
    expect(ranked('edge-first', candidates)).toEqual(expected);
  });

  it('moves to cloud while the local slot is taken and back when it frees', () => {
    const edge = local('l1');
    const candidates = [cloud('c1'), edge];
    expect(ranked('edge-first', candidates)[0]).toBe('l1');
    edge.busy = 1;
    expect(ranked('edge-first', candidates)[0]).toBe('c1');
    edge.busy = 0;
    expect(ranked('edge-first', candidates)[0]).toBe('l1');
  });
});

describe('cloud-first', () => {
  it.each<[string, Candidate[], string[]]>([
    ['cloud before an idle local worker', [local('l1'), cloud('c1')], ['c1', 'l1']],
    ['an idle local worker before cloud that is full', [cloud('c1', undefined, { busy: 64 }), local('l1')], ['l1', 'c1']],
    ['a local worker with a free slot before one that would queue', [local('queueing', { busy: 2 }), local('free', { capacity: 2, busy: 1 })], ['free', 'queueing']],
    ['a local worker that would queue before a full cloud worker', [cloud('c1', undefined, { busy: 64 }), local('l1', { busy: 1 })], ['l1', 'c1']],
    ['every cloud worker with room first, least loaded first', [local('l1'), cloud('c2', undefined, { busy: 10 }), cloud('c1', undefined, { busy: 20 })], ['c2', 'c1', 'l1']],
  ])('sends %s', (_name, candidates, expected) => {
    expect(ranked('cloud-first', candidates)).toEqual(expected);
  });
});

describe('expectedLatencyMs', () => {
  it.each<[string, Candidate, LatencyStats | undefined, number | undefined]>([
    ['ttft plus the completion at the measured speed', cloud('c1'), stats(300, 200), 300 + (100 * 1000) / 200],
    ['no stretch while a slot is free', local('l1', { capacity: 2, busy: 1 }), stats(50, 40), 50 + 2_500],
    ['doubled when the only slot is busy', local('l1', { busy: 1 }), stats(50, 40), 2 * 2_550],
    ['tripled behind one queued request', local('l1', { busy: 2 }), stats(50, 40), 3 * 2_550],
    ['stretched by a quarter when four slots are busy', local('l1', { capacity: 4, busy: 4 }), stats(50, 40), 1.25 * 2_550],
    ['plus the measured wait in the queue when it is longer than its own work for those ahead', local('l1', { busy: 1 }), { ...stats(50, 40), queuedMs: 5_000 }, 2_550 + 5_000],
    ['stretched by its own work when the measured waits were shorter', local('l1', { busy: 1 }), { ...stats(50, 40), queuedMs: 100 }, 2 * 2_550],
    ['without the measured wait while a slot is free', local('l1', { capacity: 2, busy: 1 }), { ...stats(50, 40), queuedMs: 5_000 }, 2_550],
    ['unknown before any measurement', cloud('c1'), undefined, undefined],
    ['unknown with only a time to first token (one-token answers)', cloud('c1'), stats(300), undefined],
    ['unknown with a speed of zero', cloud('c1'), stats(300, 0), undefined],
  ])('is %s', (_name, candidate, measured, expected) => {
    expect(expectedLatencyMs(candidate, { ...context(), latencyOf: () => measured })).toBe(expected);
  });
});

describe('fastest', () => {
  const slowLocal = { l1: stats(50, 40), c1: stats(300, 200) };
  const fastLocal = { l1: stats(50, 400), c1: stats(300, 200) };

  it('prefers a cloud backend whose speed makes up for its later first token (800 ms against 2,550 ms)', () => {
    expect(ranked('fastest', [local('l1'), cloud('c1')], context(slowLocal))).toEqual(['c1', 'l1']);
  });

  it('prefers the local backend once it is the faster one (300 ms against 800 ms)', () => {
    expect(ranked('fastest', [local('l1'), cloud('c1')], context(fastLocal))).toEqual(['l1', 'c1']);
  });

  it('prefers the earlier first token for a short answer (1 token: 75 ms against 305 ms)', () => {
    expect(ranked('fastest', [local('l1'), cloud('c1')], context(slowLocal, {}, 1))).toEqual(['l1', 'c1']);
  });

  it('lets an idle, slightly slower backend beat a busy fast one whose queue makes it slower', () => {
    const latency = { fast: stats(100, 100), slow: stats(200, 80) };
    const fast = local('fast');
    const candidates = [fast, local('slow')];
    expect(ranked('fastest', candidates, context(latency))).toEqual(['fast', 'slow']); // 1,100 ms against 1,450 ms
    fast.busy = 1;
    expect(ranked('fastest', candidates, context(latency))).toEqual(['slow', 'fast']); // 2,200 ms against 1,450 ms
  });

  it('sends a short answer to the cloud while the fast local model queues behind long generations', () => {
    const latency = { l1: { ...stats(5, 2_000), queuedMs: 4_000 }, c1: stats(70, 10_000) };
    const l1 = local('l1', { busy: 2 });
    expect(ranked('fastest', [l1, cloud('c1')], context(latency, {}, 16))).toEqual(['c1', 'l1']);
    l1.busy = 0;
    expect(ranked('fastest', [l1, cloud('c1')], context(latency, {}, 16))).toEqual(['l1', 'c1']);
  });

  it('tries unmeasured backends first so that they get measured', () => {
    const latency = { measured: stats(10, 1_000) };
    expect(ranked('fastest', [local('measured'), cloud('new'), cloud('one-token')], context({ ...latency, 'one-token': stats(5) }))).toEqual([
      'new',
      'one-token',
      'measured',
    ]);
  });

  it('puts full backends last, however fast', () => {
    const latency = { full: stats(10, 1_000), slow: stats(2_000, 5) };
    expect(ranked('fastest', [local('full', { busy: 5 }), local('slow')], context(latency))).toEqual(['slow', 'full']);
  });

  it('breaks a tie in expected time the edge-first way', () => {
    const latency = { l1: stats(300, 200), c1: stats(300, 200) };
    expect(ranked('fastest', [cloud('c1'), local('l1')], context(latency))).toEqual(['l1', 'c1']);
    expect(ranked('fastest', [cloud('c1'), local('l1')], context())).toEqual(['l1', 'c1']);
  });
});

describe('priceOf and expectedCost', () => {
  const prices: Record<string, PriceConfig> = {
    'openai:gpt-4o-mini': { input: 0.15, output: 0.6 },
    'anthropic:*': { input: 3, output: 15 },
    'anthropic:claude-haiku': { input: 0.8, output: 4 },
  };

  it.each<[string, Candidate, PriceConfig | undefined, number]>([
    ["the backend's own price", cloud('c1'), { input: 0.15, output: 0.6 }, (1_000 * 0.15 + 100 * 0.6) / 1e6],
    ["the provider's `*` price for a backend without its own", cloud('c1', 'anthropic:claude-sonnet'), { input: 3, output: 15 }, (1_000 * 3 + 100 * 15) / 1e6],
    ["the backend's own price over its provider's `*`", cloud('c1', 'anthropic:claude-haiku'), { input: 0.8, output: 4 }, (1_000 * 0.8 + 100 * 4) / 1e6],
    ['nothing for a local model', local('l1'), { input: 0, output: 0 }, 0],
    ['no price for an unpriced cloud backend, so an infinite cost', cloud('c1', 'mistral:large'), undefined, Number.POSITIVE_INFINITY],
  ])('uses %s', (_name, candidate, price, cost) => {
    expect(priceOf(candidate, prices)).toEqual(price);
    expect(expectedCost(candidate, context({}, prices))).toBeCloseTo(cost, 12);
  });

  it('charges a local model when it is given a price', () => {
    expect(priceOf(local('l1'), { 'local:*': { input: 0.01, output: 0.02 } })).toEqual({ input: 0.01, output: 0.02 });
    expect(expectedCost(local('l1'), context({}, { 'local:tiny': { input: 1, output: 2 } }))).toBeCloseTo((1_000 + 200) / 1e6, 12);
  });
});

describe('cheapest', () => {
  const prices: Record<string, PriceConfig> = {
    'openai:gpt-4o-mini': { input: 0.15, output: 0.6 },
    'anthropic:*': { input: 3, output: 15 },
  };
  const fleet = (): Candidate[] => [cloud('unpriced', 'mistral:large'), cloud('sonnet', 'anthropic:claude-sonnet'), cloud('mini'), local('l1')];

  it('picks the free local model, then cloud by price, unpriced cloud last', () => {
    expect(ranked('cheapest', fleet(), context({}, prices))).toEqual(['l1', 'mini', 'sonnet', 'unpriced']);
  });

  it('keeps the free local model first even when it would queue', () => {
    expect(ranked('cheapest', [cloud('mini'), local('l1', { busy: 3 })], context({}, prices))).toEqual(['l1', 'mini']);
  });

  it('puts a full backend last, however cheap', () => {
    expect(ranked('cheapest', [local('l1', { busy: 5 }), cloud('unpriced', 'mistral:large')], context({}, prices))).toEqual(['unpriced', 'l1']);
  });

  it('lets a cheap provider-wide price beat a dearer exact one', () => {
    const cheapAnthropic = { 'openai:gpt-4o-mini': { input: 0.15, output: 0.6 }, 'anthropic:*': { input: 0.1, output: 0.1 } };
    expect(ranked('cheapest', [cloud('mini'), cloud('sonnet', 'anthropic:claude-sonnet')], context({}, cheapAnthropic))).toEqual(['sonnet', 'mini']);
  });

  it('orders unpriced cloud backends by load among themselves', () => {
    const candidates = [cloud('a', 'mistral:large', { busy: 10 }), cloud('b', 'groq:llama', { busy: 2 })];
    expect(ranked('cheapest', candidates, context({}, prices))).toEqual(['b', 'a']);
  });
});

describe('alias order', () => {
  it.each(ROUTING_POLICIES)('beats the %s policy in both directions', (policy) => {
    const latency = { l1: stats(50, 400), c1: stats(300, 200) };
    const ctx = context(latency, { 'openai:gpt-4o-mini': { input: 0.15, output: 0.6 } });
    expect(ranked(policy, [local('l1', { preference: 1 }), cloud('c1', undefined, { preference: 0 })], ctx)).toEqual(['c1', 'l1']);
    expect(ranked(policy, [local('l1', { preference: 0 }), cloud('c1', undefined, { preference: 1 })], ctx)).toEqual(['l1', 'c1']);
  });

  it('applies the policy within one alias entry', () => {
    const candidates = [cloud('c1', undefined, { preference: 0 }), local('l1', { preference: 0 }), cloud('c2', 'anthropic:claude', { preference: 1 })];
    expect(ranked('edge-first', candidates)).toEqual(['l1', 'c1', 'c2']);
    expect(ranked('cloud-first', candidates)).toEqual(['c1', 'l1', 'c2']);
  });
});

describe('ties', () => {
  it.each(ROUTING_POLICIES)('%s: the least loaded replica of a backend wins', (policy) => {
    const replicas = [local('r1', { capacity: 4, busy: 2 }), local('r2', { capacity: 4, busy: 1 }), local('r3', { capacity: 4, busy: 3 })];
    expect(ranked(policy, replicas)).toEqual(['r2', 'r1', 'r3']);
  });

  it.each(ROUTING_POLICIES)('%s: equal load falls back to backend id, then worker id', (policy) => {
    const candidates = [local('w1', { backend: 'local:b', model: 'b' }), local('w2'), local('w1'), local('w0', { backend: 'local:b', model: 'b' })];
    const order = [...candidates].sort(policyComparator(policy, context(), candidates)).map((c) => `${c.workerId}/${c.backend}`);
    expect(order).toEqual(['w0/local:b', 'w1/local:b', 'w1/local:tiny', 'w2/local:tiny']);
    expect(ranked(policy, candidates)).toEqual(['w0', 'w1', 'w1', 'w2']);
  });

  it.each(ROUTING_POLICIES)('%s: of two backends alike, the faster wins, whatever their names and loads', (policy) => {
    const slow = local('a', { backend: 'local:a-slow', model: 'a-slow', capacity: 4 });
    const fast = local('z', { backend: 'local:z-fast', model: 'z-fast', capacity: 4, busy: 1 });
    const latency = { a: stats(30, 1_000), z: stats(10, 1_000) };
    expect(ranked(policy, [slow, fast], context(latency, {}, 1))).toEqual(['z', 'a']);
  });

  it.each(ROUTING_POLICIES)('%s: an unmeasured backend goes before measured ones, so it gets measured', (policy) => {
    const measured = local('a', { backend: 'local:a', model: 'a' });
    const unmeasured = local('b', { backend: 'local:b', model: 'b' });
    expect(ranked(policy, [measured, unmeasured], context({ a: stats(5, 1_000) }, {}, 1))).toEqual(['b', 'a']);
  });

  it('a backend is as fast as its best replica, and its replicas are then spread by load', () => {
    const candidates = [
      local('fast-busy', { backend: 'local:x', model: 'x', capacity: 4, busy: 2 }),
      local('slow-idle', { backend: 'local:x', model: 'x', capacity: 4 }),
      local('other', { backend: 'local:y', model: 'y', capacity: 4 }),
    ];
    const latency = { 'fast-busy': stats(5, 1_000), 'slow-idle': stats(50, 1_000), other: stats(20, 1_000) };
    expect(ranked('edge-first', candidates, context(latency, {}, 1))).toEqual(['slow-idle', 'fast-busy', 'other']);
  });

  it('the faster backend does not jump a tier: cloud-first keeps a slower cloud before a faster local model', () => {
    const latency = { c1: stats(200, 50), l1: stats(5, 1_000) };
    expect(ranked('cloud-first', [local('l1'), cloud('c1')], context(latency))).toEqual(['c1', 'l1']);
  });
});
