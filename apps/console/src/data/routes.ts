import type { RouteEntry } from '@switchyard/contracts';

/** The live table keeps this many requests at most. */
export const ROUTES_CAP = 500;

/** When a request finished, the order the list is kept in (newest first). */
function finishedAt(entry: RouteEntry): number {
  return entry.receivedAt + entry.durationMs;
}

/** Adds one request from the feed at the top; a request already listed is not listed twice. */
export function prependRoute(list: readonly RouteEntry[], entry: RouteEntry, cap = ROUTES_CAP): RouteEntry[] {
  const rest = list.filter((known) => known.requestId !== entry.requestId);
  return [entry, ...rest].slice(0, cap);
}

/** Merges a fetched list (e.g. `/routes` after a reconnect) into the shown one: union by request id, newest first. */
export function mergeRoutes(list: readonly RouteEntry[], fetched: readonly RouteEntry[], cap = ROUTES_CAP): RouteEntry[] {
  const byId = new Map<string, RouteEntry>();
  for (const entry of [...list, ...fetched]) if (!byId.has(entry.requestId)) byId.set(entry.requestId, entry);
  // Stable sort: requests that finished together keep their order.
  return [...byId.values()].sort((a, b) => finishedAt(b) - finishedAt(a)).slice(0, cap);
}

/** The key as the table shows it: its name, or its id when it has none (`open`, `admin`, a deleted key). */
export function keyLabel(entry: RouteEntry): string {
  return entry.keyName ?? entry.keyId;
}

export function isError(entry: RouteEntry): boolean {
  return entry.status >= 400 || entry.errorCode !== null;
}

/** The table's filters; empty strings filter nothing. */
export interface RouteFilter {
  /** Part of the key's name or id, any case. */
  key: string;
  /** Part of the requested model, any case. */
  model: string;
  /** An exact backend id, or `none` for requests no backend answered. */
  backend: string;
  /** `ok`, `error`, or an exact HTTP status. */
  status: string;
}

export const NO_FILTER: RouteFilter = { key: '', model: '', backend: '', status: '' };
export const NO_BACKEND = 'none';

function contains(value: string, part: string): boolean {
  return value.toLowerCase().includes(part.trim().toLowerCase());
}

function matchesStatus(entry: RouteEntry, status: string): boolean {
  if (status === '') return true;
  if (status === 'ok') return !isError(entry);
  if (status === 'error') return isError(entry);
  return String(entry.status) === status;
}

export function filterRoutes(list: readonly RouteEntry[], filter: RouteFilter): RouteEntry[] {
  return list.filter(
    (entry) =>
      (filter.key.trim() === '' || contains(keyLabel(entry), filter.key) || contains(entry.keyId, filter.key)) &&
      (filter.model.trim() === '' || contains(entry.requestedModel, filter.model)) &&
      (filter.backend === '' || (entry.backend ?? NO_BACKEND) === filter.backend) &&
      matchesStatus(entry, filter.status),
  );
}

/** The choices of the backend and status selects: what the list holds, sorted. */
export function filterChoices(list: readonly RouteEntry[]): { backends: string[]; statuses: number[] } {
  const backends = new Set<string>();
  const statuses = new Set<number>();
  for (const entry of list) {
    backends.add(entry.backend ?? NO_BACKEND);
    statuses.add(entry.status);
  }
  return { backends: [...backends].sort(), statuses: [...statuses].sort((a, b) => a - b) };
}
