import { Inject, Injectable } from '@nestjs/common';
import { errorPart, type InferenceRequest, type StreamPart } from '@switchyard/contracts';
import type { MessageHeaders } from '@switchyard/nats';
import { requestLogger, type Logger } from '@switchyard/observability';
import { traceOf } from '@switchyard/runtime';
import type { ProviderAdapter } from '@switchyard/providers-core';
import { ADAPTER, LOGGER, PROVIDER, WORKER_ID } from '../cloud.constants';
import type { CloudModel, ResolvedProvider } from '../provider/resolved-provider';
import { callWithRetries } from '../upstream/call-with-retries';
import { UpstreamClient } from '../upstream/upstream-client';
import { UpstreamState } from '../upstream/upstream-state';
import { prepareCall, type PreparedCall } from './prepare-call';
import { relayStream } from './relay-stream';
import { startOnFirstPart } from './start-on-first-part';

/**
 * Runs one inference request (chat, text completion or embeddings) against the provider: validates,
 * converts the OpenAI body to the provider's format, calls it (with retries before any output), and
 * converts the answer back to stream parts. Every failure is an error part with a retryable flag for the router.
 * (`inferenceReply` gives the usage part the worker's own time.) Log lines carry the request id and traceparent of the NATS headers.
 */
@Injectable()
export class CloudInferenceService {
  constructor(
    @Inject(PROVIDER) private readonly provider: ResolvedProvider,
    @Inject(ADAPTER) private readonly adapter: ProviderAdapter,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(WORKER_ID) private readonly workerId: string,
    private readonly client: UpstreamClient,
    private readonly state: UpstreamState,
  ) {}

  /** One request (its envelope decoded by `inferenceReply`; the body is the one the gateway validated). */
  async *handle(request: InferenceRequest, signal: AbortSignal, headers: MessageHeaders = {}): AsyncGenerator<StreamPart> {
    yield* this.run(request, signal, requestLogger(this.logger, traceOf(headers, request.requestId)));
  }

  private async *run(request: InferenceRequest, signal: AbortSignal, log: Logger): AsyncGenerator<StreamPart> {
    const modelName = request.target ?? request.body.model;
    const model = this.findModel(modelName);
    if (!model) {
      yield errorPart('model_not_found', `The model '${modelName}' is not served by ${this.provider.name}.`, { param: 'model' });
      return;
    }
    const prepared = prepareCall(this.adapter, request, model, modelName);
    if (!prepared.ok) {
      yield prepared.error;
      return;
    }
    const call = prepared.call;
    if (call.dropped.length > 0) log.warn({ dropped: call.dropped, provider: this.provider.name }, 'parameters with no equivalent were dropped');
    if (this.state.inFlight >= this.provider.concurrency) {
      yield errorPart('backend_busy', `${this.provider.name} has ${this.state.inFlight} requests in flight.`, { retryable: true });
      return;
    }

    this.state.begin();
    const sentAt = Date.now();
    try {
      const outcome = await callWithRetries(
        { client: this.client, adapter: this.adapter, provider: this.provider, state: this.state, logger: log, deadline: request.deadline, signal },
        call.request,
      );
      if (!outcome.ok) {
        log.debug({ model: model.name, code: outcome.error.code, ms: Date.now() - sentAt }, 'upstream failed');
        if (!signal.aborted) yield outcome.error;
        return;
      }
      log.debug({ model: model.name, status: outcome.response.status, ms: Date.now() - sentAt }, 'upstream answered');
      const backend = `${this.provider.name}:${model.name}`;
      const answer = call.createStreamConverter
        ? relayStream(outcome.response, call.createStreamConverter(), this.provider.name, signal)
        : this.convertWhole(outcome.response.text(), call);
      yield* startOnFirstPart({ type: 'start', backend, model: backend, workerId: this.workerId }, answer);
    } finally {
      this.state.finish();
    }
  }

  private async *convertWhole(body: Promise<string>, call: PreparedCall): AsyncGenerator<StreamPart> {
    let json: unknown;
    try {
      json = JSON.parse(await body);
    } catch {
      yield errorPart('upstream_error', `${this.provider.name} sent a response that is not JSON.`);
      return;
    }
    yield* call.convertResponse(json);
  }

  /** `openai:gpt-4o-mini` → the model named `gpt-4o-mini`, when this worker's provider is `openai`. */
  private findModel(target: string): CloudModel | undefined {
    const prefix = `${this.provider.name}:`;
    const name = target.startsWith(prefix) ? target.slice(prefix.length) : target;
    return this.provider.models.find((m) => m.name === name);
  }
}
