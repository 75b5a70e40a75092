import { decodePart, errorPart, HEADERS, PATTERNS, type ErrorPart, type InferenceRequest, type UsagePart } from '@switchyard/contracts';
import { BusRecord, encodeJson, iterate, StreamAbortedError, type BusClient, type MessageHeaders } from '@switchyard/nats';
import type { WorkerRegistry } from '../registry/worker-registry';
import { applyVerdict, breakerVerdict, lostRaceVerdict } from './breaker-verdict';
import type { Candidate } from './candidates';
import type { CircuitBreaker } from './circuit-breaker';
import { FirstOutputClock } from './first-output-clock';
import type { LatencyTracker } from './latency-tracker';
import { transportFailureToPart } from './transport-failure';

/** Timeouts the router applies to each worker it tries. */
export interface RouterTimeouts {
  /** A worker must acknowledge within this many ms. */
  workerAckTimeoutMs: number;
  /** Longest silence from a working worker (it sends keepalives), in ms. */
  workerIdleTimeoutMs: number;
}

/**
 * How one attempt ended: the backend answered (`started`; `brokenBy` when it failed after its output
 * began, for the client), the client left, or it failed before any output.
 */
export type AttemptOutcome =
  | { kind: 'started'; brokenBy?: ErrorPart }
  | { kind: 'cancelled' }
  | { kind: 'failed'; failure: ErrorPart; ms: number }
  /** It stood down before any output had left: a hedge beside it was ready first. */
  | { kind: 'withdrawn'; ms: number };

/**
 * Answers that are final for this backend but not for the request: another model may have a larger
 * context or support the parameter. The router moves on to the next candidate, and returns the
 * answer as it is when none is left.
 */
export const BACKEND_SPECIFIC: ReadonlySet<ErrorPart['code']> = new Set(['context_length_exceeded', 'unsupported_parameter']);

/** What an attempt needs besides the request. */
export interface AttemptDeps {
  client: BusClient;
  registry: WorkerRegistry;
  breaker: CircuitBreaker;
  latency: LatencyTracker;
  timeouts: RouterTimeouts;
  now: () => number;
}

/** Where the worker's answer goes and what it carries. */
export interface Forward {
  /** The gateway's inbox: the worker sends its data there directly. */
  dataTo: string;
  /** NATS headers of the request (request id, trace context). */
  headers: MessageHeaders;
  /** JSON of the `RouteStamp` the worker puts on its start part. */
  stamp: string;
  /** Called once, when the worker's output has begun reaching the gateway. */
  onStarted: () => void;
  /**
   * Longest wait for the first output, in ms: past it the attempt is given up (the worker's work cancelled) and fails
   * with a retryable `timeout`, so the next candidate answers. Absent: no such wait (the last candidate).
   */
  firstOutputMs?: number;
  /**
   * With no output after `afterMs`, `start` is called (it may start a hedge beside this attempt). The attempt is still
   * given up at `firstOutputMs`, when that is set: the hedge then answers alone.
   */
  slow?: { afterMs: number; start: () => void };
  /**
   * A hedge: its output waits at the worker (a gated stream); `onReady` is called when it has some, and the output
   * leaves (the attempt starts) once `released` resolves.
   */
  gate?: { released: Promise<void>; onReady: () => void };
  /**
   * When `requested` resolves the attempt stands down unless its output has already left (a hedge beside it is ready).
   * `lossesToOpen` such races lost in a row, with no success of the worker in between, open its circuit.
   */
  withdraw?: { requested: Promise<void>; lossesToOpen: number };
}

/** `waiting` for output; `ready`: a gated hedge's output waits at the worker; `started`: output is reaching the gateway. */
type AttemptPhase = 'waiting' | 'ready' | 'started';

/**
 * Sends the request to one candidate, which answers the gateway directly; the router reads only its
 * control messages: a failure before any output (the attempt fails and the caller may try the next
 * candidate: the gateway has seen nothing), or copies of its start, finish and usage parts once its
 * output flows, then the end. A request that is not streamed is held by the worker until it has
 * finished, so a worker that fails halfway (killed, frozen, an error part) is failed over like one that
 * never started. Once output flows, a failure the router sees (the worker left the registry, went
 * silent, or the bus failed) is the client's `brokenBy`. The outcome feeds the worker's circuit breaker
 * and, for a clean answer, its latency figures.
 */
export async function attemptOn(
  deps: AttemptDeps,
  candidate: Candidate,
  request: InferenceRequest,
  forward: Forward,
  signal: AbortSignal,
): Promise<AttemptOutcome> {
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
  const probe = deps.breaker.onAttempt(candidate.workerId);

  // Changed in callbacks too, so declared as the whole type (not narrowed to its first value).
  let phase = 'waiting' as AttemptPhase;
  const clock = new FirstOutputClock(forward, () => controller.abort(), () => phase !== 'waiting');
  const begin = (): void => {
    phase = 'started';
    clock.stop();
    forward.onStarted();
  };
  let released = false;
  void forward.gate?.released.then(() => {
    released = true;
    if (phase === 'ready' && !controller.signal.aborted) begin();
  });
  const withdraw = forward.withdraw;
  let withdrawing = false;
  void withdraw?.requested.then(() => (withdrawing = true));
  let usage: UsagePart | undefined;
  let midStreamCode: ErrorPart['code'] | undefined;
  const failed = (failure: ErrorPart): AttemptOutcome => {
    applyVerdict(deps.breaker, candidate.workerId, breakerVerdict(failure.code));
    return { kind: 'failed', failure, ms: deps.now() - sentAt };
  };
  try {
    const record = new BusRecord(encodeJson({ ...request, target: candidate.backend }), {
      to: candidate.workerId,
      headers: { ...forward.headers, [HEADERS.routeStamp]: forward.stamp },
      dataTo: forward.dataTo,
      // A request that is not streamed is held by the worker until it has finished.
      hold: !('stream' in request.body) || request.body.stream !== true,
      released: forward.gate?.released,
      withdrawn: withdraw?.requested,
      ackTimeoutMs: deps.timeouts.workerAckTimeoutMs,
      idleTimeoutMs: deps.timeouts.workerIdleTimeoutMs,
      deadline: request.deadline,
    });
    for await (const raw of iterate<Uint8Array>(deps.client.send(PATTERNS.workerInfer, record), controller.signal)) {
      const part = decodePart(raw);
      if (phase !== 'started') {
        if (part.type === 'error') {
          // A definite answer (a 400 from the provider, …) is final: the client gets it as it is.
          return failed(part.retryable || BACKEND_SPECIFIC.has(part.code) ? part : { ...part, retryable: false });
        }
        if (forward.gate === undefined || released) begin();
        else if (phase === 'waiting') {
          phase = 'ready';
          clock.outputReady();
          forward.gate.onReady();
        }
      }
      if (part.type === 'usage') usage = part;
      else if (part.type === 'error') midStreamCode = part.code;
    }
    if (phase !== 'started') return failed(errorPart('internal_error', `Backend ${candidate.backend} ended without output.`, { retryable: true }));
    applyVerdict(deps.breaker, candidate.workerId, breakerVerdict(midStreamCode));
    if (midStreamCode === undefined && usage !== undefined) recordLatency(deps, candidate, usage, deps.now() - sentAt);
    return { kind: 'started' };
  } catch (error) {
    const started = phase === 'started';
    if (withdraw !== undefined && withdrawing && !started && !signal.aborted && error instanceof StreamAbortedError) {
      // Slower than a hedge with nothing to show: neutral now and then, but a streak of it (or a probe beaten) is a hang.
      const lossesInARow = deps.breaker.lostRace(candidate.workerId);
      applyVerdict(deps.breaker, candidate.workerId, lostRaceVerdict({ lossesInARow, lossesToOpen: withdraw.lossesToOpen, probe }));
      return { kind: 'withdrawn', ms: deps.now() - sentAt };
    }
    if (clock.expired && !started && !signal.aborted) {
      return failed(errorPart('timeout', `Backend ${candidate.backend} produced no output within ${forward.firstOutputMs} ms; the next backend answers.`, { retryable: true }));
    }
    const clientLeft = signal.aborted || (error instanceof StreamAbortedError && !workerGone);
    if (clientLeft) {
      deps.breaker.release(candidate.workerId);
      return started ? { kind: 'started' } : { kind: 'cancelled' };
    }
    const failure = workerGone
      ? errorPart('service_unavailable', `Backend ${candidate.backend} went away (its worker stopped sending heartbeats).`, { retryable: true })
      : transportFailureToPart(error, candidate.backend);
    if (!started) return failed(failure);
    deps.breaker.failure(candidate.workerId);
    return { kind: 'started', brokenBy: { ...failure, retryable: false, message: `Backend ${candidate.backend} failed mid-stream: ${failure.message}` } };
  } finally {
    clock.stop();
    signal.removeEventListener('abort', onClientAbort);
    stopWatching();
    release();
  }
}

/**
 * Time to first token and generation time of a clean answer. The worker reports its own times (receipt
 * to first token, receipt to usage, and of that the wait in its queue); the router adds what the bus took
 * on the way there and back. The queue's wait is left out: it is the worker's load, which the policies
 * weigh on their own, not the backend's speed (a backend once saturated would otherwise stay ranked slow).
 */
function recordLatency(deps: AttemptDeps, candidate: Candidate, usage: UsagePart, elapsedMs: number): void {
  if (usage.firstTokenMs === undefined) return;
  const generationMs = Math.max(0, (usage.workerMs ?? usage.firstTokenMs) - usage.firstTokenMs);
  deps.latency.record(candidate.workerId, candidate.backend, {
    ttftMs: Math.max(0, elapsedMs - generationMs - (usage.queuedMs ?? 0)),
    queuedMs: usage.queuedMs,
    completionTokens: usage.completionTokens,
    generationMs,
  });
}
