import { HEADERS } from '@switchyard/contracts';
import type { FastifyInstance } from 'fastify';
import { resolveRequestId } from './request-id';

/**
 * Gives every request an id before anything else runs, and echoes it as `x-request-id` on every
 * response, errors and health included. The id replaces the incoming header, so code that reads the
 * header later sees the same id.
 */
export function installRequestIdHook(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    const id = resolveRequestId(req.headers[HEADERS.requestId]);
    req.headers[HEADERS.requestId] = id;
    // On the raw response, so streams (which bypass Fastify's reply) carry it too.
    reply.raw.setHeader(HEADERS.requestId, id);
    done();
  });
}
