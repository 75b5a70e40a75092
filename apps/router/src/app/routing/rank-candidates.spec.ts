import type { ServedModel, WorkerHeartbeat } from '@switchyard/contracts';
import type { RegisteredWorker } from '../registry/worker-registry';
import type { ModelRef } from './model-ref';
import { isKnownModel, rankCandidates } from './rank-candidates';

const chatModel = (name: string): ServedModel => ({ name, contextLength: 2048, capabilities: ['chat'] });

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
  worker(workerId, { kind: 'cloud', provider: 'openai', models: [chatModel('tiny')], capacity: 64, maxQueue: 0, ...overrides });

const AUTO: ModelRef = { kind: 'auto' };
const order = (workers: RegisteredWorker[], ref: ModelRef = AUTO): string[] =>
  rankCandidates(workers, ref, 'chat').map((c) => `${c.workerId}/${c.backend}`);

describe('rankCandidates', () => {
  it('describes each candidate by worker, subject, backend id and kind', () => {
    expect(rankCandidates([cloud('c1')], AUTO, 'chat')).toEqual([
      { workerId: 'c1', subject: 'switchyard.worker.c1.infer', backend: 'openai:tiny', kind: 'cloud' },
    ]);
  });

  it.each<[string, RegisteredWorker[], string[]]>([
    ['edge before cloud, even when the edge worker is busier', [cloud('c1'), worker('l1', { inFlight: 2, queued: 1 })], ['l1/local:tiny', 'c1/openai:tiny']],
    [
      'a full edge worker still before cloud (it may free up; the router moves on if it is busy)',
      [cloud('c1'), worker('l1', { inFlight: 2, queued: 4 })],
      ['l1/local:tiny', 'c1/openai:tiny'],
    ],
    [
      'least loaded first',
      [worker('half', { inFlight: 1 }), worker('busy', { inFlight: 2, queued: 1 }), worker('idle')],
      ['idle/local:tiny', 'half/local:tiny', 'busy/local:tiny'],
    ],
    [
      'load counts the queue against capacity',
      [worker('small', { capacity: 1, inFlight: 1 }), worker('big', { capacity: 4, inFlight: 3 })],
      ['big/local:tiny', 'small/local:tiny'],
    ],
    [
      'full workers after ones with room, however loaded those are',
      [worker('full', { capacity: 1, inFlight: 1, maxQueue: 0 }), worker('queueing', { capacity: 1, inFlight: 1, queued: 3, maxQueue: 8 })],
      ['queueing/local:tiny', 'full/local:tiny'],
    ],
    ['a worker with no capacity last', [worker('none', { capacity: 0, maxQueue: 0 }), worker('some', { inFlight: 1 })], ['some/local:tiny', 'none/local:tiny']],
    ['least loaded cloud first among clouds', [cloud('c-busy', { inFlight: 32 }), cloud('c-idle')], ['c-idle/openai:tiny', 'c-busy/openai:tiny']],
    ['draining workers left out', [worker('leaving', { draining: true }), cloud('c1')], ['c1/openai:tiny']],
    ['nothing when every worker drains', [worker('a', { draining: true }), cloud('b', { draining: true })], []],
    ['nothing without workers', [], []],
  ])('orders %s', (_name, workers, expected) => {
    expect(order(workers)).toEqual(expected);
  });

  it('offers every model of a worker for auto', () => {
    expect(order([worker('l1', { models: [chatModel('a'), chatModel('b')] })])).toEqual(['l1/local:a', 'l1/local:b']);
  });

  it('leaves out models without the capability', () => {
    const workers = [
      worker('l1', { models: [{ name: 'embedder', contextLength: 512, capabilities: ['embeddings'] }, chatModel('tiny')] }),
    ];
    expect(order(workers)).toEqual(['l1/local:tiny']);
    expect(rankCandidates(workers, AUTO, 'embeddings').map((c) => c.backend)).toEqual(['local:embedder']);
  });

  const fleet = [
    worker('l1', { models: [chatModel('tiny'), chatModel('small')] }),
    cloud('c1', { models: [chatModel('tiny'), chatModel('gpt-4o')] }),
  ];

  it.each<[string, ModelRef, string[]]>([
    ['a pinned local model', { kind: 'pinned', provider: 'local', name: 'tiny' }, ['l1/local:tiny']],
    ['a pinned cloud model', { kind: 'pinned', provider: 'openai', name: 'tiny' }, ['c1/openai:tiny']],
    ['a pinned model on the wrong provider', { kind: 'pinned', provider: 'openai', name: 'small' }, []],
    ['a pinned model nobody serves', { kind: 'pinned', provider: 'local', name: 'huge' }, []],
    ['a bare name served by both', { kind: 'bare', name: 'tiny' }, ['l1/local:tiny', 'c1/openai:tiny']],
    ['a bare name served by one', { kind: 'bare', name: 'gpt-4o' }, ['c1/openai:gpt-4o']],
    ['a bare name is case-sensitive', { kind: 'bare', name: 'Tiny' }, []],
  ])('matches %s', (_name, ref, expected) => {
    expect(order(fleet, ref)).toEqual(expected);
  });
});

describe('isKnownModel', () => {
  const fleet = [worker('l1', { models: [chatModel('tiny')] }), cloud('c1', { models: [chatModel('gpt-4o')], draining: true })];

  it.each<[string, RegisteredWorker[], ModelRef, boolean]>([
    ['auto, even with no workers', [], { kind: 'auto' }, true],
    ['a pinned model that is served', fleet, { kind: 'pinned', provider: 'local', name: 'tiny' }, true],
    ['a pinned model on another provider', fleet, { kind: 'pinned', provider: 'openai', name: 'tiny' }, false],
    ['a bare model that is served', fleet, { kind: 'bare', name: 'tiny' }, true],
    ['a model only a draining worker serves (busy, not unknown)', fleet, { kind: 'bare', name: 'gpt-4o' }, true],
    ['a model nobody serves', fleet, { kind: 'bare', name: 'huge' }, false],
    ['any model when there are no workers', [], { kind: 'bare', name: 'tiny' }, false],
  ])('%s → %s', (_name, workers, ref, known) => {
    expect(isKnownModel(workers, ref)).toBe(known);
  });
});
