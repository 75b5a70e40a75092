import type { CatalogEntry } from '@switchyard/contracts';
import type { RegisteredWorker } from '../registry/worker-registry';
import { AUTO_MODEL, backendId } from './model-ref';

/** The models that can be served now: `auto` first, then each backend model once, sorted by id. */
export function buildCatalog(workers: RegisteredWorker[], routerStartedAt: number): CatalogEntry[] {
  const byId = new Map<string, CatalogEntry>();
  for (const worker of workers) {
    const hb = worker.heartbeat;
    for (const model of hb.models) {
      const id = backendId(hb.provider, model.name);
      const created = Math.floor(worker.firstSeen / 1000);
      const known = byId.get(id);
      if (!known || known.created > created) {
        byId.set(id, { id, ownedBy: hb.provider, created, contextLength: model.contextLength });
      }
    }
  }
  const auto: CatalogEntry = { id: AUTO_MODEL, ownedBy: 'switchyard', created: Math.floor(routerStartedAt / 1000) };
  return [auto, ...[...byId.values()].sort((a, b) => a.id.localeCompare(b.id))];
}
