import { errorPart, StreamPartSchema, type ErrorPart, type InferenceRequest, type Route, type StartPart } from '@switchyard/contracts';
import { decodeJson, decodeText, encodeJson, StreamAbortedError, type BusTransport, type MessageHeaders } from '@switchyard/nats';
import type { WorkerRegistry } from '../registry/worker-registry';
import type { Candidate } from './candidates';
import type { CircuitBreaker } from './circuit-breaker';
import type { LatencyTracker } from './latency-tracker';
import { transportFailureToPart } from './transport-failure';

/** Timeouts the router applies to each worker it tries. */
export interface RouterTimeouts {
  /** A worker must acknowledge within this many ms. */
  workerAckTimeoutMs: number;
  /** Longest silence from a working worker (it sends keepalives), in ms. */
  workerIdleTimeoutMs: number;
}

/** How one attempt ended: a backend answered (`started`), the client left, or it failed before any output. */
export type AttemptOutcome = { kind: 'started' } | { kind: 'cancelled' } | { kind: 'failed'; failure: ErrorPart; ms: number };

/** Failures that say the worker or its provider is unwell; they count towards opening its circuit. */
const FAULTS: ReadonlySet<ErrorPart['code']> = new Set(['timeout', 'internal_error', 'service_unavailable', 'upstream_error', 'upstream_authentication_error']);
/**
 * Answers that say nothing about the worker's health (it is busy, limited, out of quota, or the prompt is too
 * long). A spent quota stays neutral so that a client pinned to that backend keeps hearing why, not "circuit open".
 */
const NEUTRAL: ReadonlySet<ErrorPart['code']> = new Set([
  'backend_busy',
  'rate_limit_exceeded',
  'insufficient_quota',
  'context_length_exceeded',
  'unsupported_parameter',
  'cancelled',
]);

/**
 * Answers that are final for this backend but not for the request: another model may have a larger
 * context or support the parameter. The router moves on to the next candidate, and returns the
 * answer as it is when none is left.
 */
export const BACKEND_SPECIFIC: ReadonlySet<ErrorPart['code']> = new Set(['context_length_exceeded', 'unsupported_parameter']);

/** What an attempt needs besides the request. */
export interface AttemptDeps {
  bus: BusTransport;
  registry: WorkerRegistry;
  breaker: CircuitBreaker;
  latency: LatencyTracker;
  timeouts: RouterTimeouts;
  now: () => number;
}

/** How every delta part a worker sends begins (the JSON of an object whose first key is `type`). */
const DELTA_PREFIX = new TextEncoder().encode('{"type":"delta"');

function startsWithDelta(raw: Uint8Array): boolean {
  if (raw.length < DELTA_PREFIX.length) return false;
  for (let i = 0; i < DELTA_PREFIX.length; i++) if (raw[i] !== DELTA_PREFIX[i]) return false;
  return true;
}

/**
 * Only the type is read after the start: parts are relayed as they came, not re-validated. A delta
 * is told by its first bytes, so the many deltas of a stream are not parsed here at all; anything
 * else (finish, usage, error, or a delta written another way) is parsed.
 */
function typeOf(raw: Uint8Array): { type?: string; code?: ErrorPart['code']; completionTokens?: number } {
  if (startsWithDelta(raw)) return { type: 'delta' };
  try {
    return JSON.parse(decodeText(raw)) as { type?: string; code?: ErrorPart['code']; completionTokens?: number };
  } catch {
    return {};
  }
}

/**
 * Sends the request to one candidate and relays its stream. Before the first part the attempt can
 * still fail over (the caller tries the next candidate); once the worker has started, everything is
 * relayed and a failure becomes an error part for the client. A request that is not streamed is
 * held until the worker has finished instead: its client sees nothing before the end, so a worker
 * that fails halfway through (killed, frozen, an error part) is failed over like one that never
 * started. The worker leaving the registry (no heartbeat for the TTL, or a goodbye) ends the attempt
 * at once. The outcome feeds the worker's circuit breaker and, for a clean answer, its latency averages.
 */
export async function* attemptOn(
  deps: AttemptDeps,
  candidate: Candidate,
  request: InferenceRequest,
  headers: MessageHeaders,
  signal: AbortSignal,
  begin: (start: StartPart) => { model: string; route: Route },
): AsyncGenerator<Uint8Array, AttemptOutcome> {
  const sentAt = deps.now();
  const controller = new AbortController();
  const onClientAbort = (): void => controller.abort();
  signal.addEventListener('abort', onClientAbort, { once: true });
  let workerGone = false;
  const stopWatching = deps.registry.onGone((id) => {
    if (id !== candidate.workerId) return;
    workerGone = true;
    controller.abort();
  });
  const release = deps.registry.countInFlight(candidate.workerId);
  deps.breaker.onAttempt(candidate.workerId);

  /** Not streamed to the client: parts are held back until the worker has finished. */
  const whole = !('stream' in request.body) || request.body.stream !== true;
  const held: Uint8Array[] = [];
  let heldStart: StartPart | undefined;
  let started = false;
  /** Something was passed on to the caller (for a held answer, only at its end). */
  let committed = false;
  let firstTokenAt: number | undefined;
  let deltas = 0;
  let completionTokens: number | undefined;
  let midStreamCode: ErrorPart['code'] | undefined;
  const failed = (failure: ErrorPart): AttemptOutcome => {
    if (FAULTS.has(failure.code)) deps.breaker.failure(candidate.workerId);
    else if (NEUTRAL.has(failure.code)) deps.breaker.release(candidate.workerId);
    else deps.breaker.success(candidate.workerId);
    return { kind: 'failed', failure, ms: deps.now() - sentAt };
  };
  try {
    const stream = deps.bus.requestStream(candidate.subject, encodeJson({ ...request, target: candidate.backend }), {
      headers,
      ackTimeoutMs: deps.timeouts.workerAckTimeoutMs,
      idleTimeoutMs: deps.timeouts.workerIdleTimeoutMs,
      deadline: request.deadline,
      signal: controller.signal,
    });
    for await (const raw of stream) {
      if (started) {
        const part = typeOf(raw);
        if (part.type === 'delta' && ++deltas === 1) firstTokenAt = deps.now();
        else if (part.type === 'usage') completionTokens = part.completionTokens;
        else if (part.type === 'error') midStreamCode = part.code;
        if (!whole) yield raw;
        else if (part.type === 'error') return failed(decodeJson(raw, StreamPartSchema) as ErrorPart);
        else held.push(raw);
        continue;
      }
      const part = decodeJson(raw, StreamPartSchema);
      if (part.type === 'error') {
        if (part.retryable || BACKEND_SPECIFIC.has(part.code)) return failed(part);
        // A definite answer (a 400 from the provider, …): the worker is healthy, the client gets it as is.
        return failed({ ...part, retryable: false });
      }
      started = true;
      // Workers send `start` first; should one not, the client still gets a start with the route.
      const start = part.type === 'start' ? part : { type: 'start' as const, backend: candidate.backend, model: candidate.backend, workerId: candidate.workerId };
      if (whole) {
        heldStart = start;
        if (part.type !== 'start') held.push(raw);
        continue;
      }
      committed = true;
      yield encodeJson({ ...start, ...begin(start) });
      if (part.type !== 'start') yield raw;
    }
    if (!started) return failed(errorPart('internal_error', `Backend ${candidate.backend} ended without output.`, { retryable: true }));
    if (heldStart) {
      committed = true;
      yield encodeJson({ ...heldStart, ...begin(heldStart) });
      yield* held;
    }
    if (midStreamCode !== undefined) {
      if (FAULTS.has(midStreamCode)) deps.breaker.failure(candidate.workerId);
      else deps.breaker.release(candidate.workerId);
    } else {
      deps.breaker.success(candidate.workerId);
      if (firstTokenAt !== undefined) {
        deps.latency.record(candidate.workerId, candidate.backend, {
          ttftMs: firstTokenAt - sentAt,
          completionTokens: completionTokens ?? deltas,
          generationMs: deps.now() - firstTokenAt,
        });
      }
    }
    return { kind: 'started' };
  } catch (error) {
    const clientLeft = signal.aborted || (error instanceof StreamAbortedError && !workerGone);
    if (clientLeft) {
      deps.breaker.release(candidate.workerId);
      return committed ? { kind: 'started' } : { kind: 'cancelled' };
    }
    const failure = workerGone
      ? errorPart('service_unavailable', `Backend ${candidate.backend} went away (its worker stopped sending heartbeats).`, { retryable: true })
      : transportFailureToPart(error, candidate.backend);
    if (!committed) return failed(failure);
    deps.breaker.failure(candidate.workerId);
    yield encodeJson({ ...failure, retryable: false, message: `Backend ${candidate.backend} failed mid-stream: ${failure.message}` });
    return { kind: 'started' };
  } finally {
    signal.removeEventListener('abort', onClientAbort);
    stopWatching();
    release();
  }
}
