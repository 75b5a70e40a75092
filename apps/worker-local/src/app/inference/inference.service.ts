import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { errorPart, type InferenceRequest, type StartPart, type StreamPart } from '@switchyard/contracts';
import type { MessageHeaders } from '@switchyard/nats';
import { requestLogger, type Logger } from '@switchyard/observability';
import { Drain, linkSignals, traceOf } from '@switchyard/runtime';
import { ModelRegistry } from '../models/model-registry.service';
import { WorkerStats } from '../status/worker-stats.service';
import { LOGGER, WORKER_ID } from '../worker.constants';
import type { Job, JobEnd, JobTally } from './inference-job';
import { localModelId, localModelName } from './model-target';
import { prepareJob } from './prepare-job';

/** Longest delay a timer takes (about 24.8 days); later deadlines are as good as none. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What became of a request, for the counters and the log. */
type Outcome = 'completed' | 'cancelled' | 'timeout' | 'failed' | 'stopped' | 'rejected';

/** Where a run goes and what it answers to. */
interface Run {
  requestId: string;
  deadline: number;
  model: string;
  signal: AbortSignal;
  log: Logger;
  /** When the request arrived (`performance.now()`), for the worker's own time in `usage`. */
  receivedAt: number;
  /** How long it waited for a slot, in ms (`usage.queuedMs` when it did). */
  queuedMs: number;
}

/**
 * Runs one inference request from the bus (chat, text completion or embeddings; its envelope decoded by `inferenceReply`): validates, picks
 * the model, converts the OpenAI body, waits for a slot on the model's scheduler and streams the
 * job's parts. Every failure is an error part; nothing is thrown. The caller's signal aborting
 * (client gone) stops the work at once. Log lines carry the request id and traceparent of the NATS headers.
 */
@Injectable()
export class InferenceService {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly stats: WorkerStats,
    private readonly drain: Drain,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(WORKER_ID) private readonly workerId: string,
  ) {}

  async *handle(request: InferenceRequest, signal: AbortSignal, headers: MessageHeaders = {}): AsyncGenerator<StreamPart> {
    const receivedAt = performance.now();
    const log = requestLogger(this.logger, traceOf(headers, request.requestId));
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
    const backend = localModelId(name);
    const start: StartPart = { type: 'start', backend, model: backend, workerId: this.workerId };
    const prepared = prepareJob(request, served.model, start);
    if (!prepared.ok) {
      log.info({ kind: request.kind, code: prepared.error.code, param: prepared.error.param }, 'request refused');
      yield prepared.error;
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
        yield errorPart('backend_busy', `${backend} is busy (${served.scheduler.queued} requests queued)`, { retryable: true });
      } else if (admission.reason === 'timeout') {
        this.stats.recordTimeout(0);
        log.info({ model: name }, 'deadline passed while queued');
        yield errorPart('timeout', `the deadline passed while waiting for ${backend}`, { retryable: true });
      } else {
        this.stats.recordCancelled(request.requestId, 0);
        log.info({ model: name }, 'cancelled while queued');
      }
      return;
    }
    try {
      yield* this.execute(prepared.job, { requestId: request.requestId, deadline: request.deadline, model: backend, signal, log, receivedAt, queuedMs: admission.queuedMs });
    } finally {
      admission.release();
    }
  }

  /** Runs an admitted job until its end, its deadline, shutdown or the caller leaving; adds `usage` or the error that ended it. */
  private async *execute(job: Job, run: Run): AsyncGenerator<StreamPart> {
    const untilDeadline = Math.min(Math.max(0, run.deadline - Date.now()), MAX_TIMER_MS);
    const deadline = AbortSignal.timeout(untilDeadline);
    // Not AbortSignal.any: with the process-long cut signal among its sources it would keep one entry per request.
    const linked = linkSignals([run.signal, deadline, this.drain.cutSignal]);
    const stop = linked.signal;
    const tally: JobTally = { promptTokens: 0, completionTokens: 0 };
    const parts = job(stop, tally);
    let outcome: Outcome | undefined;
    let sentOutput = false;
    const started = Date.now();
    try {
      let step = await parts.next();
      for (; !step.done; step = await parts.next()) {
        const part = step.value;
        if (part.type === 'start') run.log.info({ model: run.model, promptTokens: tally.promptTokens }, 'generation started');
        const output = part.type === 'delta' || part.type === 'embedding';
        // Nobody reads output once the caller is gone; keep draining the job until it ends.
        if (output && stop.aborted) continue;
        sentOutput ||= output;
        yield part;
      }
      outcome = this.outcomeOf(step.value, run, deadline);
      // Another backend could still answer a request that has not seen any output yet.
      const retryable = !sentOutput;
      if (outcome === 'completed') {
        const workerMs = performance.now() - run.receivedAt;
        const queued = run.queuedMs > 0 ? { queuedMs: run.queuedMs } : {};
        yield { type: 'usage', promptTokens: tally.promptTokens, completionTokens: tally.completionTokens, workerMs, ...queued };
      }
      if (outcome === 'timeout') yield errorPart('timeout', `the deadline passed during generation on ${run.model}`, { retryable });
      if (outcome === 'stopped') yield errorPart('service_unavailable', `worker ${this.workerId} shut down during generation`, { retryable });
    } catch (error) {
      outcome = 'failed';
      run.log.error({ err: error, model: run.model }, 'generation failed');
      yield errorPart('internal_error', `generation failed on ${run.model}`, { retryable: !sentOutput });
    } finally {
      // The caller may stop reading early: the job's own cleanup (freeing its sequence) runs now.
      await parts.return('aborted');
      linked.unlink();
      // Without an outcome the caller stopped reading early: a cancellation when it went away.
      this.record(outcome ?? (run.signal.aborted ? 'cancelled' : 'failed'), run, tally.completionTokens, Date.now() - started);
    }
  }

  /** What a job's end means: stopped early by the caller, the deadline or shutdown; or as it says. */
  private outcomeOf(end: JobEnd, run: Run, deadline: AbortSignal): Outcome {
    if (end === 'completed') return 'completed';
    if (end === 'refused') return 'rejected';
    if (run.signal.aborted) return 'cancelled';
    if (deadline.aborted || Date.now() >= run.deadline) return 'timeout';
    return 'stopped';
  }

  private record(outcome: Outcome, run: Run, tokens: number, ms: number): void {
    if (outcome === 'completed') this.stats.recordCompleted(tokens);
    else if (outcome === 'cancelled') this.stats.recordCancelled(run.requestId, tokens);
    else if (outcome === 'timeout') this.stats.recordTimeout(tokens);
    else if (outcome !== 'rejected') this.stats.recordFailed(tokens);
    run.log.info({ outcome, completionTokens: tokens, ms }, `generation ${outcome}`);
  }
}
