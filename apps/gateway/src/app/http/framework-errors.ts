import { toHttpError } from '@switchyard/openai';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBodyFor } from '../messages/messages-dialect';

/**
 * Fastify's `frameworkErrors` hook: errors raised while routing, before Nest sees the request
 * (a malformed percent-encoding in the URL), answered in the API's shape too.
 */
export function frameworkErrors(error: Error & { code?: string }, req: FastifyRequest, reply: FastifyReply): void {
  const message = error.code === 'FST_ERR_BAD_URL' ? 'The request URL is not valid.' : 'The request could not be routed.';
  const { status, body } = toHttpError('invalid_request', message);
  void reply.code(status).send(errorBodyFor(req.url, status, body));
}
