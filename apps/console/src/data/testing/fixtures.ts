import type { BackendsView, OverviewBucket, RouteEntry, WorkerHeartbeat, WorkerView } from '@switchyard/contracts';
import { usageEvent } from '@switchyard/testing';

/** Test data builders: a valid value with the fields a test cares about overridden. */

export function heartbeat(overrides: Partial<WorkerHeartbeat> = {}): WorkerHeartbeat {
  return {
    workerId: 'local-1',
    kind: 'local',
    provider: 'local',
    subject: 'switchyard.worker.local-1',
    models: [{ name: 'stories260k', contextLength: 512, capabilities: ['chat', 'completions'] }],
    capacity: 2,
    inFlight: 0,
    queued: 0,
    maxQueue: 8,
    draining: false,
    intervalMs: 1000,
    sentAt: 1_000_000,
    ...overrides,
  };
}

export function workerView(hb: WorkerHeartbeat, overrides: Partial<WorkerView> = {}): WorkerView {
  return {
    heartbeat: hb,
    firstSeen: hb.sentAt,
    expiresAt: hb.sentAt + 3 * hb.intervalMs,
    circuit: 'closed',
    inFlightFromHere: 0,
    latency: {},
    ...overrides,
  };
}

export function backendsView(at: number, workers: WorkerView[]): BackendsView {
  return { object: 'console.backends', routerId: 'router-1', at, workers };
}

/** A finished request as the routes list holds it: the shared usage-event builder with this file's figures. */
export function routeEntry(overrides: Partial<RouteEntry> = {}): RouteEntry {
  const event = usageEvent({ requestId: 'req-1', receivedAt: 1_700_000_000_000, keyId: 'key_a', endpoint: 'chat/completions', durationMs: 300, interTokenMs: 5, overheadMs: 2 });
  return { ...event, keyName: 'team-a', ...overrides };
}

export function bucket(start: number, overrides: Partial<OverviewBucket> = {}): OverviewBucket {
  return {
    start,
    requests: 0,
    errors: 0,
    latencyP50Ms: null,
    latencyP99Ms: null,
    ttftP50Ms: null,
    ttftP99Ms: null,
    fallbacks: 0,
    hedges: 0,
    resumes: 0,
    tokensByBackend: {},
    ...overrides,
  };
}

/** A Response whose body arrives in the given pieces (strings or bytes), like a network stream. */
export function streamResponse(pieces: Array<string | Uint8Array>, init: ResponseInit = {}): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(typeof piece === 'string' ? encoder.encode(piece) : piece);
      controller.close();
    },
  });
  return new Response(body, { status: 200, ...init });
}

/** Splits bytes at the given offsets. */
export function splitAt(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    pieces.push(bytes.slice(start, offset));
    start = offset;
  }
  return pieces;
}
