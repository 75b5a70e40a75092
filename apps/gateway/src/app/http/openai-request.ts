import { HEADERS } from '@switchyard/contracts';
import { validate } from '@switchyard/openai';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RequestContext } from '../inference/inference.client';
import { isJsonContentType } from './content-type';
import { OpenAIHttpException } from './openai-http.exception';
import { resolveRequestId, resolveTraceparent } from './request-id';
import { policyFromHeader } from './routing-headers';

/** A validated OpenAI request, ready to run: its body, its context, and a signal that fires when the client leaves. */
export interface AcceptedRequest<T> {
  body: T;
  context: RequestContext;
  signal: AbortSignal;
}

/**
 * What every inference endpoint does first: assign the request id (echoed as `x-request-id`), insist
 * on JSON, validate the body against `schema`, read the routing policy header, and watch for the client
 * leaving. Bad input throws an OpenAI-shaped 4xx.
 */
export function acceptRequest<T>(req: FastifyRequest, reply: FastifyReply, body: unknown, schema: z.ZodType<T>): AcceptedRequest<T> {
  const requestId = resolveRequestId(req.headers[HEADERS.requestId]);
  reply.header(HEADERS.requestId, requestId);
  if (!isJsonContentType(req.headers['content-type'])) {
    throw OpenAIHttpException.of('unsupported_media_type', 'Send the request body as JSON with "Content-Type: application/json".');
  }
  const parsed = validate(schema, body);
  if (!parsed.ok) throw OpenAIHttpException.of('invalid_request', parsed.problem.message, parsed.problem.param);
  const policy = policyFromHeader(req.headers[HEADERS.policy]);
  const abort = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  return {
    body: parsed.value,
    context: { requestId, traceparent: resolveTraceparent(req.headers[HEADERS.traceparent]), policy },
    signal: abort.signal,
  };
}

/** Refuses `stream_options` without `stream: true`, as OpenAI does. */
export function checkStreamOptions(body: { stream?: boolean | null; stream_options?: unknown }): void {
  if (body.stream_options != null && body.stream !== true) {
    throw OpenAIHttpException.of('invalid_request', "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
  }
}
