import type { ServedModel, WorkerHeartbeat } from '@switchyard/contracts';
import type { RegisteredWorker } from '../registry/worker-registry';
import { buildCatalog } from './catalog';

const ROUTER_STARTED_AT = 1_700_000_000_500;

const model = (name: string, contextLength = 2048): ServedModel => ({ name, contextLength, capabilities: ['chat'] });

function worker(workerId: string, provider: string, models: ServedModel[], firstSeen: number): RegisteredWorker {
  const heartbeat: WorkerHeartbeat = {
    workerId,
    kind: provider === 'local' ? 'local' : 'cloud',
    provider,
    subject: `switchyard.worker.${workerId}.infer`,
    models,
    capacity: 1,
    inFlight: 0,
    queued: 0,
    maxQueue: 0,
    draining: false,
    intervalMs: 500,
    sentAt: 1,
  };
  return { heartbeat, firstSeen, expiresAt: Number.MAX_SAFE_INTEGER };
}

describe('buildCatalog', () => {
  it('lists only auto when no worker is up, created when the router started', () => {
    expect(buildCatalog([], ROUTER_STARTED_AT)).toEqual([{ id: 'auto', ownedBy: 'switchyard', created: 1_700_000_000 }]);
  });

  it('lists auto first, then each backend model sorted by id, owned by its provider', () => {
    const workers = [
      worker('c1', 'openai', [model('gpt-4o-mini', 128_000)], 1_700_000_100_000),
      worker('l1', 'local', [model('tiny', 512), model('small', 4096)], 1_700_000_050_999),
    ];
    expect(buildCatalog(workers, ROUTER_STARTED_AT)).toEqual([
      { id: 'auto', ownedBy: 'switchyard', created: 1_700_000_000 },
      { id: 'local:small', ownedBy: 'local', created: 1_700_000_050, contextLength: 4096 },
      { id: 'local:tiny', ownedBy: 'local', created: 1_700_000_050, contextLength: 512 },
      { id: 'openai:gpt-4o-mini', ownedBy: 'openai', created: 1_700_000_100, contextLength: 128_000 },
    ]);
  });

  const early = worker('l1', 'local', [model('tiny', 512)], 1_700_000_010_000);
  const late = worker('l2', 'local', [model('tiny', 1024)], 1_700_000_020_000);

  it.each([
    ['earliest replica first', [early, late]],
    ['earliest replica last', [late, early]],
  ])('lists a model served by several replicas once, as the earliest saw it (%s)', (_name, workers) => {
    expect(buildCatalog(workers, ROUTER_STARTED_AT)).toEqual([
      { id: 'auto', ownedBy: 'switchyard', created: 1_700_000_000 },
      { id: 'local:tiny', ownedBy: 'local', created: 1_700_000_010, contextLength: 512 },
    ]);
  });

  it('keeps the same model name from different providers apart', () => {
    const workers = [worker('c1', 'openai', [model('tiny')], 0), worker('l1', 'local', [model('tiny')], 0)];
    expect(buildCatalog(workers, ROUTER_STARTED_AT).map((e) => e.id)).toEqual(['auto', 'local:tiny', 'openai:tiny']);
  });

  it('lists the configured aliases after auto, owned by switchyard, in their configured order', () => {
    const workers = [worker('l1', 'local', [model('tiny')], 0)];
    expect(buildCatalog(workers, ROUTER_STARTED_AT, ['smart', 'fast'])).toEqual([
      { id: 'auto', ownedBy: 'switchyard', created: 1_700_000_000 },
      { id: 'smart', ownedBy: 'switchyard', created: 1_700_000_000 },
      { id: 'fast', ownedBy: 'switchyard', created: 1_700_000_000 },
      { id: 'local:tiny', ownedBy: 'local', created: 0, contextLength: 2048 },
    ]);
  });
});
