import { errorPart, KIND_CAPABILITY, type ErrorPart, type InferenceRequest, type StreamPart } from '@switchyard/contracts';
import type { GenerationOperation, ProviderAdapter, StreamConverter, UpstreamRequest } from '@switchyard/providers-core';
import type { CloudModel } from '../provider/resolved-provider';

/** One upstream call, ready to send: the request, and how to read its answer. */
export interface PreparedCall {
  request: UpstreamRequest;
  /** Parameters dropped on the way (logged as warnings). */
  dropped: string[];
  /** Set when the answer is streamed: a fresh converter for its events. */
  createStreamConverter?: () => StreamConverter;
  /** Reads a whole (non-streamed) answer. */
  convertResponse(json: unknown): StreamPart[];
}

export type Preparation = { ok: true; call: PreparedCall } | { ok: false; error: ErrorPart };

function generation<Body>(operation: GenerationOperation<Body>, body: Body, upstreamModel: string, stream: boolean): Preparation {
  const built = operation.buildRequest(body, upstreamModel, stream);
  if (!built.ok) return built;
  const call: PreparedCall = { request: built.request, dropped: built.dropped, convertResponse: (json) => operation.convertResponse(json) };
  if (stream) call.createStreamConverter = () => operation.createStreamConverter();
  return { ok: true, call };
}

/**
 * Turns a request for `model` (named `modelName` to the client) into an upstream call with the
 * adapter's operation for its kind. A kind the model does not advertise, or that the provider's
 * format has no operation for (Anthropic: text completions, embeddings), is refused with a 400
 * naming `model`: the router only sends such a request when it was pinned to this model.
 */
export function prepareCall(adapter: ProviderAdapter, request: InferenceRequest, model: CloudModel, modelName: string): Preparation {
  const needs = KIND_CAPABILITY[request.kind];
  const refusal: Preparation = { ok: false, error: errorPart('invalid_request', `The model '${modelName}' does not support ${needs.label}.`, { param: 'model' }) };
  if (!model.capabilities.includes(needs.capability)) return refusal;
  switch (request.kind) {
    case 'chat':
      if (request.body.continue_final_message === true && !model.capabilities.includes('continue')) {
        return {
          ok: false,
          error: errorPart('unsupported_parameter', `The model '${modelName}' cannot continue a final message (list "continue" in its capabilities if its server takes vLLM's continue_final_message).`, { param: 'continue_final_message' }),
        };
      }
      // A Messages API request to an Anthropic backend goes as the client sent it.
      if (request.native?.dialect === 'anthropic.messages' && adapter.messages) {
        return generation(adapter.messages, request.native, model.upstream, request.body.stream === true);
      }
      return generation(adapter.chat, request.body, model.upstream, request.body.stream === true);
    case 'completion':
      return adapter.completion ? generation(adapter.completion, request.body, model.upstream, request.body.stream === true) : refusal;
    case 'embeddings': {
      const operation = adapter.embeddings;
      if (!operation) return refusal;
      const built = operation.buildRequest(request.body, model.upstream);
      if (!built.ok) return built;
      return { ok: true, call: { request: built.request, dropped: built.dropped, convertResponse: (json) => operation.convertResponse(json) } };
    }
  }
}
