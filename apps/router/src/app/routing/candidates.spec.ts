import type { Capability, ServedModel, WorkerHeartbeat } from '@switchyard/contracts';
import type { RegisteredWorker } from '../registry/worker-registry';
import { collectCandidates, hasFreeSlot, hasRoom, isKnownModel, loadOf, type Candidate } from './candidates';
import { parseModelRef, type ModelRef } from './model-ref';

const chatModel = (name: string, contextLength = 2048): ServedModel => ({ name, contextLength, capabilities: ['chat'] });

function worker(workerId: string, overrides: Partial<WorkerHeartbeat> = {}): RegisteredWorker {
  const heartbeat: WorkerHeartbeat = {
    workerId,
    kind: 'local',
    provider: 'local',
    subject: `switchyard.worker.${workerId}.infer`,
    models: [chatModel('tiny')],
    capacity: 2,
    inFlight: 0,
    queued: 0,
    maxQueue: 4,
    draining: false,
    intervalMs: 500,
    sentAt: 1,
    ...overrides,
  };
  return { heartbeat, firstSeen: 0, expiresAt: Number.MAX_SAFE_INTEGER };
}

const cloud = (workerId: string, overrides: Partial<WorkerHeartbeat> = {}): RegisteredWorker =>
  worker(workerId, { kind: 'cloud', provider: 'openai', capacity: 64, maxQueue: 0, ...overrides });

const AUTO: ModelRef = { kind: 'auto' };
const CHAT: Capability[] = ['chat'];

/** `workerId/backend` of every candidate, in the order collected. */
const keys = (workers: RegisteredWorker[], ref: ModelRef = AUTO, capabilities: Capability[] = CHAT): string[] =>
  collectCandidates(workers, ref, capabilities).map((c) => `${c.workerId}/${c.backend}`);

describe('collectCandidates', () => {
  it('describes a candidate by worker, model, preference and the load its heartbeat reports', () => {
    const workers = [cloud('c1', { models: [chatModel('gpt-4o-mini', 128_000)], inFlight: 3, queued: 2 })];
    expect(collectCandidates(workers, AUTO, CHAT)).toEqual<Candidate[]>([
      {
        workerId: 'c1',
        backend: 'openai:gpt-4o-mini',
        kind: 'cloud',
        provider: 'openai',
        model: 'gpt-4o-mini',
        contextLength: 128_000,
        preference: 0,
        busy: 5,
        capacity: 64,
        maxQueue: 0,
      },
    ]);
  });

  it.each<[string, number, number, number, number]>([
    ['the heartbeat when the router sent nothing', 1, 1, 0, 2],
    ['the heartbeat when it is ahead of the router', 2, 0, 1, 2],
    ["the router's own count when the heartbeat lags behind a burst", 0, 0, 3, 3],
    ['either when they agree', 1, 0, 1, 1],
  ])('counts busy from %s', (_name, inFlight, queued, own, busy) => {
    const [candidate] = collectCandidates([worker('l1', { inFlight, queued })], AUTO, CHAT, (id) => (id === 'l1' ? own : 99));
    expect(candidate.busy).toBe(busy);
  });

  it('asks for the own in-flight count of each worker by its id', () => {
    const own: Record<string, number> = { a: 2, b: 5 };
    const busy = collectCandidates([worker('a'), worker('b')], AUTO, CHAT, (id) => own[id]).map((c) => [c.workerId, c.busy]);
    expect(busy).toEqual([
      ['a', 2],
      ['b', 5],
    ]);
  });

  it.each<[string, RegisteredWorker[], string[]]>([
    ['every model of a worker', [worker('l1', { models: [chatModel('a'), chatModel('b')] })], ['l1/local:a', 'l1/local:b']],
    ['local and cloud workers alike', [worker('l1'), cloud('c1')], ['l1/local:tiny', 'c1/openai:tiny']],
    ['not draining workers', [worker('leaving', { draining: true }), cloud('c1')], ['c1/openai:tiny']],
    [
      'not cloud workers that cannot reach their provider',
      [cloud('down', { upstream: { reachable: false, checkedAt: 1, reason: 'ECONNREFUSED' } }), cloud('up', { upstream: { reachable: true, checkedAt: 1 } })],
      ['up/openai:tiny'],
    ],
    ['full workers (whether they take the request is for the policy)', [worker('full', { capacity: 1, inFlight: 1, maxQueue: 0 })], ['full/local:tiny']],
    ['nothing when every worker drains', [worker('a', { draining: true }), cloud('b', { draining: true })], []],
    ['nothing without workers', [], []],
  ])('offers %s', (_name, workers, expected) => {
    expect(keys(workers)).toEqual(expected);
  });

  it('keeps only models with every capability asked for', () => {
    const workers = [
      worker('l1', {
        models: [
          { name: 'embedder', contextLength: 512, capabilities: ['embeddings'] },
          { name: 'plain', contextLength: 2048, capabilities: ['chat'] },
          { name: 'tooled', contextLength: 2048, capabilities: ['chat', 'tools', 'json'] },
        ],
      }),
    ];
    expect(keys(workers, AUTO, ['chat'])).toEqual(['l1/local:plain', 'l1/local:tooled']);
    expect(keys(workers, AUTO, ['chat', 'tools'])).toEqual(['l1/local:tooled']);
    expect(keys(workers, AUTO, ['chat', 'tools', 'json'])).toEqual(['l1/local:tooled']);
    expect(keys(workers, AUTO, ['embeddings'])).toEqual(['l1/local:embedder']);
    expect(keys(workers, AUTO, ['chat', 'embeddings'])).toEqual([]);
  });

  const fleet = [
    worker('l1', { models: [chatModel('tiny'), chatModel('small')] }),
    cloud('c1', { models: [chatModel('tiny'), chatModel('gpt-4o')] }),
    cloud('a1', { provider: 'anthropic', models: [chatModel('claude')] }),
  ];

  it.each<[string, ModelRef, string[]]>([
    ['a pinned local model', parseModelRef('local:tiny'), ['l1/local:tiny']],
    ['a pinned cloud model', parseModelRef('openai:tiny'), ['c1/openai:tiny']],
    ['a pinned model on the wrong provider', parseModelRef('openai:small'), []],
    ['a pinned model nobody serves', parseModelRef('local:huge'), []],
    ['a bare name served by two providers', parseModelRef('tiny'), ['l1/local:tiny', 'c1/openai:tiny']],
    ['a bare name served by one', parseModelRef('gpt-4o'), ['c1/openai:gpt-4o']],
    ['a bare name, case-sensitively', parseModelRef('Tiny'), []],
    ['auto: every model', AUTO, ['l1/local:tiny', 'l1/local:small', 'c1/openai:tiny', 'c1/openai:gpt-4o', 'a1/anthropic:claude']],
  ])('matches %s', (_name, ref, expected) => {
    expect(keys(fleet, ref)).toEqual(expected);
  });

  it("gives an alias's targets their position in its list and leaves out the rest", () => {
    const ref = parseModelRef('smart', { smart: ['anthropic:claude', 'gpt-4o', 'local:tiny'] });
    const preferences = collectCandidates(fleet, ref, CHAT).map((c) => [c.backend, c.preference]);
    expect(preferences).toEqual([
      ['local:tiny', 2],
      ['openai:gpt-4o', 1],
      ['anthropic:claude', 0],
    ]);
  });
});

describe('slots and load', () => {
  const candidate = (busy: number, capacity: number, maxQueue: number): Candidate => ({
    ...collectCandidates([worker('l1', { capacity, maxQueue })], AUTO, CHAT)[0],
    busy,
  });

  it.each<[string, number, number, number, boolean, boolean, number]>([
    ['idle', 0, 2, 4, true, true, 0],
    ['one slot of two used', 1, 2, 4, true, true, 0.5],
    ['every slot used, queue empty', 2, 2, 4, false, true, 1],
    ['queueing', 5, 2, 4, false, true, 2.5],
    ['queue full', 6, 2, 4, false, false, 3],
    ['no queue and every slot used', 1, 1, 0, false, false, 1],
    ['no capacity at all', 0, 0, 0, false, false, Number.POSITIVE_INFINITY],
    ['no slots but a queue', 0, 0, 2, false, true, Number.POSITIVE_INFINITY],
  ])('%s', (_name, busy, capacity, maxQueue, freeSlot, room, load) => {
    const c = candidate(busy, capacity, maxQueue);
    expect(hasFreeSlot(c)).toBe(freeSlot);
    expect(hasRoom(c)).toBe(room);
    expect(loadOf(c)).toBe(load);
  });
});

describe('isKnownModel', () => {
  const fleet = [worker('l1', { models: [chatModel('tiny')] }), cloud('c1', { models: [chatModel('gpt-4o')], draining: true })];

  it.each<[string, boolean, RegisteredWorker[], ModelRef]>([
    ['auto, even with no workers', true, [], AUTO],
    ['an alias, even when nothing serves its targets', true, [], parseModelRef('x', { x: ['local:huge'] })],
    ['a pinned model that is served', true, fleet, parseModelRef('local:tiny')],
    ['a pinned model on another provider', false, fleet, parseModelRef('openai:tiny')],
    ['a bare model that is served', true, fleet, parseModelRef('tiny')],
    ['a model only a draining worker serves (busy, not unknown)', true, fleet, parseModelRef('gpt-4o')],
    ['a model only an unreachable cloud worker serves', true, [cloud('c2', { upstream: { reachable: false, checkedAt: 1 } })], parseModelRef('openai:tiny')],
    ['a model nobody serves', false, fleet, parseModelRef('huge')],
    ['any model when there are no workers', false, [], parseModelRef('tiny')],
  ])('%s → %s', (_name, known, workers, ref) => {
    expect(isKnownModel(workers, ref)).toBe(known);
  });
});
