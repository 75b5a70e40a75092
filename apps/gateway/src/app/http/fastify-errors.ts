import type { Logger } from '@switchyard/observability';
import { toHttpError, type HttpError } from '@switchyard/openai';
import type { FastifyError, FastifyInstance } from 'fastify';

/** True for errors Fastify raises itself (their codes start with `FST_`). */
export function isFastifyError(error: unknown): error is FastifyError {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('FST_');
}

/** Fastify's own errors (raised before a route runs: body parsing, limits) in OpenAI's shape. */
export function fastifyErrorToOpenAI(error: FastifyError): HttpError {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return toHttpError('invalid_json', `We could not parse the JSON body of your request. ${error.message}`);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return toHttpError('request_too_large', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return toHttpError('unsupported_media_type', 'Send the request body as JSON with "Content-Type: application/json".');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return toHttpError('invalid_request', 'The request body size did not match its Content-Length header.');
    default:
      if (error instanceof SyntaxError || error.statusCode === 400) {
        return toHttpError('invalid_json', 'We could not parse the JSON body of your request.');
      }
      if (typeof error.statusCode === 'number' && error.statusCode < 500) {
        return { ...toHttpError('invalid_request', error.message), status: error.statusCode };
      }
      return toHttpError('internal_error', 'The server had an error while processing your request.');
  }
}

/** Installs the OpenAI-shaped error handler on the Fastify instance under Nest. */
export function installFastifyErrorHandler(fastify: FastifyInstance, logger: Logger): void {
  fastify.setErrorHandler((error: FastifyError, req, reply) => {
    const mapped = fastifyErrorToOpenAI(error);
    if (mapped.status >= 500) logger.error({ err: error, url: req.url }, 'request failed');
    void reply.status(mapped.status).send(mapped.body);
  });
}
