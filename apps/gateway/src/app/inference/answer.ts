import type { ErrorPart, StreamPart } from '@switchyard/contracts';
import { HEADERS } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import type { FastifyReply } from 'fastify';
import { sendErrorPart } from '../http/openai-request';
import { routeHeaders } from '../http/routing-headers';
import { writeSse, type PartEncoder } from './sse-response';

/** Gathers a whole stream of parts into one response body, or the error that ended it. */
export interface PartAccumulator<T> {
  add(part: StreamPart): void;
  result(): { ok: true; body: T } | { ok: false; error: ErrorPart };
}

/** How to answer one request: streamed with an encoder, or whole with an accumulator. */
export interface AnswerOptions<T> {
  requestId: string;
  signal: AbortSignal;
  /** The request's logger (its lines carry the request id and traceparent). */
  logger: Logger;
  /** Present for a streamed answer: turns parts into SSE events. */
  encoder?: PartEncoder;
  /** Used for a whole answer. */
  accumulator: () => PartAccumulator<T>;
}

/**
 * Sends a router's parts to the client. Streamed: the first part decides the status (an error before
 * any output gets its real status), then SSE. Whole: parts are gathered into one JSON body. Either way
 * the response carries the route the router took.
 */
export async function answer<T>(reply: FastifyReply, parts: AsyncGenerator<StreamPart>, options: AnswerOptions<T>): Promise<void> {
  if (options.encoder) {
    const first = await parts.next();
    if (first.done) return;
    if (first.value.type === 'error') return sendErrorPart(reply, first.value);
    reply.hijack();
    await writeSse(reply.raw, { [HEADERS.requestId]: options.requestId, ...routeHeaders(first.value) }, first.value, parts, options.encoder);
    if (options.signal.aborted) options.logger.info('client disconnected; request cancelled');
    return;
  }
  const accumulator = options.accumulator();
  let route: Record<string, string> | undefined;
  for await (const part of parts) {
    route ??= routeHeaders(part);
    accumulator.add(part);
  }
  if (options.signal.aborted) return;
  const result = accumulator.result();
  if (!result.ok) return sendErrorPart(reply.headers(route ?? {}), result.error);
  reply.headers(route ?? {}).send(result.body);
}
