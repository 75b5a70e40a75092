import {
  errorPart,
  StreamPartSchema,
  type ErrorPart,
  type InferenceRequest,
  type StreamPart,
} from '@switchyard/contracts';
import { decodeJson, encodeJson, StreamAbortedError, type BusTransport, type MessageHeaders } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import type { WorkerRegistry } from '../registry/worker-registry';
import { displayModel, parseModelRef, type ModelRef } from './model-ref';
import { isKnownModel, rankCandidates, type Candidate } from './rank-candidates';
import { requirementsOf } from './required-capabilities';
import { transportFailureToPart } from './transport-failure';

/** Timeouts the router applies to each worker it tries. */
export interface RouterTimeouts {
  /** A worker must acknowledge within this many ms. */
  workerAckTimeoutMs: number;
  /** Longest silence from a working worker (it sends keepalives), in ms. */
  workerIdleTimeoutMs: number;
}

/** How one attempt on one candidate ended. */
type Attempt = { settled: true } | { settled: false; failure: ErrorPart };

/**
 * Resolves a request's model to candidate workers and relays the first one that starts. A retryable
 * failure before the worker starts moves on to the next candidate; once started, the worker's stream
 * is relayed byte for byte (only the `start` part is rewritten with the model string clients see).
 */
export class RequestRouter {
  constructor(
    private readonly bus: BusTransport,
    private readonly registry: WorkerRegistry,
    private readonly timeouts: RouterTimeouts,
    private readonly logger: Logger,
  ) {}

  async *route(request: InferenceRequest, headers: MessageHeaders, signal: AbortSignal): AsyncGenerator<Uint8Array> {
    const ref = parseModelRef(request.body.model);
    const workers = this.registry.list();
    if (!isKnownModel(workers, ref)) {
      yield encodeJson(
        errorPart('model_not_found', `The model '${request.body.model}' does not exist or no backend serves it.`, {
          param: 'model',
        }),
      );
      return;
    }
    const requirements = requirementsOf(request.body);
    const candidates = rankCandidates(workers, ref, ['chat', ...requirements.map((r) => r.capability)]);
    const missing = candidates.length === 0 ? requirements.find((r) => rankCandidates(workers, ref, ['chat', r.capability]).length === 0) : undefined;
    if (missing && rankCandidates(workers, ref, 'chat').length > 0) {
      yield encodeJson(
        errorPart('unsupported_parameter', `No backend serving '${request.body.model}' supports '${missing.param}'.`, { param: missing.param }),
      );
      return;
    }
    let lastFailure: ErrorPart | undefined;
    const failures: string[] = [];
    for (const candidate of candidates) {
      if (signal.aborted || Date.now() >= request.deadline) return;
      const attempt = yield* this.attempt(candidate, request, ref, headers, signal);
      if (attempt.settled) return;
      lastFailure = attempt.failure;
      failures.push(`${candidate.backend} (${attempt.failure.code})`);
      this.logger.warn({ requestId: request.requestId, backend: candidate.backend, code: attempt.failure.code }, 'backend failed before start; trying next');
    }
    if (signal.aborted) return;
    if (!lastFailure) {
      yield encodeJson(errorPart('service_unavailable', `No backend can serve model '${request.body.model}' right now.`));
      return;
    }
    // The client sees the last failure as it was (an upstream 429 stays a 429), naming every backend tried.
    const tried = failures.length > 1 ? ` Tried: ${failures.join(', ')}.` : '';
    yield encodeJson({ ...lastFailure, message: `${lastFailure.message}${tried}`, retryable: false });
  }

  private async *attempt(
    candidate: Candidate,
    request: InferenceRequest,
    ref: ModelRef,
    headers: MessageHeaders,
    signal: AbortSignal,
  ): AsyncGenerator<Uint8Array, Attempt> {
    const payload = encodeJson({ ...request, target: candidate.backend });
    let started = false;
    try {
      const stream = this.bus.requestStream(candidate.subject, payload, {
        headers,
        ackTimeoutMs: this.timeouts.workerAckTimeoutMs,
        idleTimeoutMs: this.timeouts.workerIdleTimeoutMs,
        deadline: request.deadline,
        signal,
      });
      for await (const raw of stream) {
        if (started) {
          yield raw;
          continue;
        }
        const part: StreamPart = decodeJson(raw, StreamPartSchema);
        if (part.type === 'error') {
          if (part.retryable) return { settled: false, failure: part };
          yield raw;
          return { settled: true };
        }
        started = true;
        this.logger.debug({ requestId: request.requestId, backend: candidate.backend, workerId: candidate.workerId }, 'routed');
        yield part.type === 'start' ? encodeJson({ ...part, model: displayModel(ref, candidate.backend) }) : raw;
      }
      if (!started) return { settled: false, failure: errorPart('internal_error', `Backend ${candidate.backend} ended without output.`, { retryable: true }) };
      return { settled: true };
    } catch (error) {
      if (error instanceof StreamAbortedError || signal.aborted) return { settled: true };
      const failure = transportFailureToPart(error, candidate.backend);
      if (!started && failure.retryable) return { settled: false, failure };
      yield encodeJson(started ? { ...failure, retryable: false, message: `Backend ${candidate.backend} failed mid-stream: ${failure.message}` } : failure);
      return { settled: true };
    }
  }
}
