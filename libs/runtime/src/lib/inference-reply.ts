import { performance } from 'node:perf_hooks';
import { encodeRendered, HEADERS, parseRenderSpec, PATTERNS, roleOfPart, type InferenceRequest, type RouteStamp, type StreamPart } from '@switchyard/contracts';
import { BusServer, encodeJson, observe, type BusTransport, type InboundMessage } from '@switchyard/nats';
import { requestLogger, type Logger } from '@switchyard/observability';
import { of, type Observable } from 'rxjs';
import { decodeInferenceRequest } from './decode-inference-request';
import type { Drain } from './drain';
import { traceOf } from './request-trace';
import { replyRenderer, type RenderedReply } from './render/render-reply';

/** Runs one inference request (its envelope decoded and checked) and yields its parts. */
export type InferenceHandler = (request: InferenceRequest, message: InboundMessage, signal: AbortSignal) => AsyncIterable<StreamPart>;

/** How a worker serves inference besides its handler. */
export interface InferenceReplyOptions {
  /** Where a refused request (an envelope that does not decode) is logged, with the request's trace. */
  logger: Logger;
  /**
   * The part a request cut by the end of the shutdown grace period ends with; the handler's signal then aborts at
   * the cut. Without it the handler gets the requester's signal and watches the drain's cut itself.
   */
  cutPart?: () => StreamPart;
}

/**
 * A worker's bus server: it serves `PATTERNS.workerInfer` on the worker's own subject, batching a stream's
 * messages within `batchWindowMs` while its chunks keep coming, and sending deltas and embeddings straight to
 * the gateway while the router gets reports and failures (`roleOfPart`).
 */
export function workerBusServer(bus: BusTransport, workerId: string, batchWindowMs: number): BusServer {
  return new BusServer(bus, { replicaId: workerId, streams: { [PATTERNS.workerInfer]: { batchWindowMs, classify: roleOfPart } } });
}

/**
 * The reply to one inference request, as a worker's `@MessagePattern(PATTERNS.workerInfer)` handler returns it: the
 * request's envelope is decoded once (one that does not decode is answered with an `invalid_request` part and
 * logged), the request counts as running work of the drain, and its parts are encoded as they come (the start part
 * stamped with the router's `model` label and route, the usage part given the time to the first token, rendered as
 * the client will get them when the gateway asked). Unsubscribing (the requester cancelled or left) stops the handler.
 */
export function inferenceReply(drain: Drain, message: InboundMessage, handle: InferenceHandler, options: InferenceReplyOptions): Observable<Uint8Array> {
  const decoded = decodeInferenceRequest(message.data);
  if (!decoded.ok) {
    requestLogger(options.logger, traceOf(message.headers)).warn({ reason: decoded.error.message }, 'refused an invalid inference request');
    return of(encodeJson(decoded.error));
  }
  const request = decoded.request;
  const { cutPart } = options;
  return observe((signal) =>
    cutPart
      ? drain.run(signal, (linked) => encodeParts(message, handle(request, message, linked), request), () => encodeJson(cutPart()))
      : drain.run(signal, () => encodeParts(message, handle(request, message, signal), request)),
  );
}

/** The router's stamp from the request's headers; none when it sent none (or one that is not JSON). */
function stampOf(message: InboundMessage): RouteStamp | undefined {
  const raw = message.headers[HEADERS.routeStamp];
  if (raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw) as RouteStamp;
  } catch {
    return undefined;
  }
}

/**
 * Encodes a request's parts for the bus, stamping its start and timing its first token; rendered as the
 * client will get them when the gateway sent a `RenderSpec` (`sy-render`), plain parts otherwise.
 */
export async function* encodeParts(message: InboundMessage, parts: AsyncIterable<StreamPart>, request?: Pick<InferenceRequest, 'native'>): AsyncGenerator<Uint8Array> {
  const receivedAt = performance.now();
  const stamp = stampOf(message);
  const spec = parseRenderSpec(message.headers[HEADERS.render]);
  const renderer = spec === undefined ? undefined : replyRenderer(spec, request);
  let firstTokenMs: number | undefined;
  for await (const raw of parts) {
    if (firstTokenMs === undefined && raw.type === 'delta') firstTokenMs = performance.now() - receivedAt;
    let part = raw;
    if (part.type === 'start' && stamp !== undefined) part = { ...part, model: stamp.model, route: stamp.route };
    else if (part.type === 'usage') part = { ...part, workerMs: part.workerMs ?? performance.now() - receivedAt, firstTokenMs };
    if (renderer === undefined) yield encodeJson(part);
    else for (const reply of renderer.add(part)) yield encodeReply(reply);
  }
  if (renderer !== undefined) for (const reply of renderer.end()) yield encodeReply(reply);
}

function encodeReply(reply: RenderedReply): Uint8Array {
  return reply.type === 'rendered' ? encodeRendered(reply.json, reply.output) : encodeJson(reply);
}
