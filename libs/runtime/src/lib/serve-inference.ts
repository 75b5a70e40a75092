import { performance } from 'node:perf_hooks';
import { HEADERS, roleOfPart, type RouteStamp, type StreamPart } from '@switchyard/contracts';
import { encodeJson, type BusTransport, type Closeable, type InboundMessage } from '@switchyard/nats';
import type { Drain } from './drain';

/** Runs one inference request and yields its parts. */
export type InferenceHandler = (message: InboundMessage, signal: AbortSignal) => AsyncIterable<StreamPart>;

/** How a worker serves inference. */
export interface ServeInferenceOptions {
  /** Least time between two messages of a stream while its chunks keep coming, in ms (see `ServeOptions`). */
  batchWindowMs: number;
  /**
   * The part a request cut by the end of the shutdown grace period ends with; the handler's signal then
   * aborts at the cut. Without it the handler gets the requester's signal and watches the drain's cut itself.
   */
  cutPart?: () => StreamPart;
}

/**
 * Serves a worker's inference subject: each request counts as running work of the drain, its parts are
 * encoded as they come (the start part stamped with the router's `model` label and route, the usage part
 * given the time to the first token), and the bus sends deltas and embeddings straight to the gateway while
 * the router gets reports and failures (`roleOfPart`).
 */
export function serveInference(bus: BusTransport, subject: string, drain: Drain, handle: InferenceHandler, options: ServeInferenceOptions): Closeable {
  const { cutPart } = options;
  return bus.serveStream(
    subject,
    (message, signal) =>
      cutPart
        ? drain.run(signal, (linked) => encodeParts(message, handle(message, linked)), () => encodeJson(cutPart()))
        : drain.run(signal, () => encodeParts(message, handle(message, signal))),
    { batchWindowMs: options.batchWindowMs, classify: roleOfPart },
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

/** Encodes a request's parts for the bus, stamping its start and timing its first token. */
export async function* encodeParts(message: InboundMessage, parts: AsyncIterable<StreamPart>): AsyncGenerator<Uint8Array> {
  const receivedAt = performance.now();
  const stamp = stampOf(message);
  let firstTokenMs: number | undefined;
  for await (const part of parts) {
    if (firstTokenMs === undefined && part.type === 'delta') firstTokenMs = performance.now() - receivedAt;
    if (part.type === 'start' && stamp !== undefined) yield encodeJson({ ...part, model: stamp.model, route: stamp.route });
    else if (part.type === 'usage') yield encodeJson({ ...part, workerMs: part.workerMs ?? performance.now() - receivedAt, firstTokenMs });
    else yield encodeJson(part);
  }
}
