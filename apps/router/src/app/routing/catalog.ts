import type { CatalogEntry } from '@switchyard/contracts';
import type { RegisteredWorker } from '../registry/worker-registry';
import { AUTO_MODEL, backendId } from './model-ref';

/** The models that can be served now: `auto` and the configured aliases first, then each backend model once, sorted by id. */
export function buildCatalog(workers: RegisteredWorker[], routerStartedAt: number, aliases: readonly string[] = []): CatalogEntry[] {
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
  const since = Math.floor(routerStartedAt / 1000);
  const own: CatalogEntry[] = [AUTO_MODEL, ...aliases].map((id) => ({ id, ownedBy: 'switchyard', created: since }));
  return [...own, ...[...byId.values()].sort((a, b) => a.id.localeCompare(b.id))];
}
