import type { ConsoleFeedEvent, RouteEntry, WorkerHeartbeat } from '@switchyard/contracts';

/** The feed's event names (the contract's `CONSOLE_FEED_EVENTS`, repeated because it is imported for types only). */
export const FEED_EVENT_NAMES = ['route', 'worker', 'goodbye'] as const satisfies ReadonlyArray<ConsoleFeedEvent['event']>;

type FeedEventName = (typeof FEED_EVENT_NAMES)[number];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Enough of a RouteEntry to list it: the fields the table and its filters read. */
export function isRouteEntry(value: unknown): value is RouteEntry {
  return (
    isObject(value) &&
    typeof value['requestId'] === 'string' &&
    typeof value['receivedAt'] === 'number' &&
    typeof value['keyId'] === 'string' &&
    typeof value['requestedModel'] === 'string' &&
    typeof value['status'] === 'number' &&
    (value['backend'] === null || typeof value['backend'] === 'string')
  );
}

/** Enough of a heartbeat to show a worker and judge whether it is alive. */
export function isHeartbeat(value: unknown): value is WorkerHeartbeat {
  return (
    isObject(value) &&
    typeof value['workerId'] === 'string' &&
    typeof value['provider'] === 'string' &&
    (value['kind'] === 'local' || value['kind'] === 'cloud') &&
    Array.isArray(value['models']) &&
    typeof value['intervalMs'] === 'number' &&
    typeof value['sentAt'] === 'number' &&
    typeof value['draining'] === 'boolean'
  );
}

function isGoodbye(value: unknown): value is { workerId: string } {
  return isObject(value) && typeof value['workerId'] === 'string';
}

function isFeedEventName(name: string | undefined): name is FeedEventName {
  return (FEED_EVENT_NAMES as readonly string[]).includes(name ?? '');
}

/** One SSE message of the feed as a typed event; null for unknown names, bad JSON or a body of the wrong shape. */
export function toFeedEvent(name: string | undefined, data: string): ConsoleFeedEvent | null {
  if (!isFeedEventName(name)) return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  switch (name) {
    case 'route':
      return isRouteEntry(value) ? { event: 'route', data: value } : null;
    case 'worker':
      return isHeartbeat(value) ? { event: 'worker', data: value } : null;
    case 'goodbye':
      return isGoodbye(value) ? { event: 'goodbye', data: { workerId: value.workerId } } : null;
  }
}
