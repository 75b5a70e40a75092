import { Inject, Injectable } from '@nestjs/common';
import { errorPart, type InferenceRequest, type StreamPart } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import { convertChatRequest, mapLlamaStopReason, type LlamaGenerationInput } from '@switchyard/providers-llama';
import { DrainState } from '../lifecycle/drain-state';
import { ModelRegistry } from '../models/model-registry.service';
import type { ServedModel } from '../models/served-model';
import { WorkerStats } from '../status/worker-stats.service';
import { LOGGER, WORKER_ID } from '../worker.constants';
import { decodeInferenceRequest } from './decode-request';
import { localModelId, localModelName } from './model-target';

/** Longest delay a timer takes (about 24.8 days); later deadlines are as good as none. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What became of a generation, for the counters and the log. */
type Outcome = 'completed' | 'cancelled' | 'timeout' | 'failed' | 'stopped' | 'rejected';

/**
 * Runs one inference request from the bus: validates, picks the model, converts the OpenAI body,
 * waits for a slot and streams the generation as stream parts. Every failure is an error part;
 * nothing is thrown. The caller's signal aborting (client gone) stops the generation at once.
 */
@Injectable()
export class InferenceService {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly stats: WorkerStats,
    private readonly drain: DrainState,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(WORKER_ID) private readonly workerId: string,
  ) {}

  async *handle(data: Uint8Array, signal: AbortSignal): AsyncGenerator<StreamPart> {
    const decoded = decodeInferenceRequest(data);
    if (!decoded.ok) {
      this.logger.warn({ reason: decoded.error.message }, 'refused an invalid inference request');
      yield decoded.error;
      return;
    }
    const request = decoded.request;
    const log = this.logger.child({ requestId: request.requestId });
    const target = request.target ?? request.body.model;
    const name = localModelName(target);
    const served = name === undefined ? undefined : this.registry.get(name);
    if (name === undefined || served === undefined) {
      log.info({ target }, 'unknown model');
      const serving = this.registry.names().map(localModelId).join(', ') || 'none';
      yield errorPart('model_not_found', `The model '${target}' is not served by worker ${this.workerId} (serving: ${serving}).`, {
        param: 'model',
      });
      return;
    }
    if (request.kind !== 'chat') {
      yield errorPart('invalid_request', `worker-local does not serve ${request.kind} requests yet.`, { param: 'model' });
      return;
    }
    const converted = convertChatRequest(request.body);
    if (!converted.ok) {
      log.info({ param: converted.error.param }, 'unsupported parameter');
      yield errorPart('unsupported_parameter', converted.error.message, { param: converted.error.param });
      return;
    }
    if (this.drain.draining) {
      this.stats.recordBusy();
      yield errorPart('backend_busy', `worker ${this.workerId} is shutting down`, { retryable: true });
      return;
    }

    const admission = await served.scheduler.acquire(signal, request.deadline);
    if (!admission.admitted) {
      if (admission.reason === 'busy') {
        this.stats.recordBusy();
        log.info({ model: name, queued: served.scheduler.queued }, 'queue full: busy');
        yield errorPart('backend_busy', `local:${name} is busy (${served.scheduler.queued} requests queued)`, { retryable: true });
      } else if (admission.reason === 'timeout') {
        this.stats.recordTimeout(0);
        log.info({ model: name }, 'deadline passed while queued');
        yield errorPart('timeout', `the deadline passed while waiting for local:${name}`, { retryable: true });
      } else {
        this.stats.recordCancelled(request.requestId, 0);
        log.info({ model: name }, 'cancelled while queued');
      }
      return;
    }
    try {
      yield* this.generate(request, name, served, converted.input, signal, log);
    } finally {
      admission.release();
    }
  }

  private async *generate(
    request: InferenceRequest,
    name: string,
    served: ServedModel,
    input: LlamaGenerationInput,
    signal: AbortSignal,
    log: Logger,
  ): AsyncGenerator<StreamPart> {
    const untilDeadline = Math.min(Math.max(0, request.deadline - Date.now()), MAX_TIMER_MS);
    const stop = AbortSignal.any([signal, AbortSignal.timeout(untilDeadline), this.drain.stopSignal]);
    const backend = localModelId(name);
    let outcome: Outcome | undefined;
    let promptTokens = 0;
    let tokens = 0;
    let sentText = false;
    const started = Date.now();
    try {
      for await (const event of served.model.generate(input, stop)) {
        if (event.type === 'context_length_exceeded') {
          outcome = 'rejected';
          log.info({ model: name, promptTokens: event.promptTokens }, 'prompt does not fit the context');
          yield errorPart('context_length_exceeded', event.message, { param: 'messages' });
        } else if (event.type === 'start') {
          promptTokens = event.promptTokens;
          log.info({ model: name, promptTokens, maxTokens: event.maxTokens }, 'generation started');
          yield { type: 'start', backend, model: backend, workerId: this.workerId };
        } else if (event.type === 'text') {
          tokens = event.completionTokens;
          // Nobody reads text once the caller is gone; keep draining events until the end.
          if (stop.aborted) continue;
          sentText = true;
          yield { type: 'delta', index: 0, text: event.text };
        } else {
          tokens = event.completionTokens;
          if (event.stopReason === 'abort') {
            outcome = this.stoppedBy(signal, request.deadline);
            // Another backend could still answer a request that has not seen any text yet.
            const retryable = !sentText;
            if (outcome === 'timeout') yield errorPart('timeout', `the deadline passed during generation on ${backend}`, { retryable });
            if (outcome === 'stopped') yield errorPart('service_unavailable', `worker ${this.workerId} shut down during generation`, { retryable });
          } else {
            outcome = 'completed';
            yield { type: 'finish', index: 0, reason: mapLlamaStopReason(event.stopReason) };
            yield { type: 'usage', promptTokens, completionTokens: tokens };
          }
        }
      }
    } catch (error) {
      outcome = 'failed';
      log.error({ err: error, model: name }, 'generation failed');
      yield errorPart('internal_error', `generation failed on ${backend}`, { retryable: !sentText });
    } finally {
      // Without an outcome the caller stopped reading early: a cancellation when it went away.
      this.record(outcome ?? (signal.aborted ? 'cancelled' : 'failed'), request.requestId, tokens, log, Date.now() - started);
    }
  }

  /** Why a generation was stopped before its end: the caller left, the deadline passed, or shutdown. */
  private stoppedBy(signal: AbortSignal, deadline: number): Outcome {
    if (signal.aborted) return 'cancelled';
    if (Date.now() >= deadline) return 'timeout';
    return 'stopped';
  }

  private record(outcome: Outcome, requestId: string, tokens: number, log: Logger, ms: number): void {
    if (outcome === 'completed') this.stats.recordCompleted(tokens);
    else if (outcome === 'cancelled') this.stats.recordCancelled(requestId, tokens);
    else if (outcome === 'timeout') this.stats.recordTimeout(tokens);
    else if (outcome !== 'rejected') this.stats.recordFailed(tokens);
    log.info({ outcome, completionTokens: tokens, ms }, `generation ${outcome}`);
  }
}
