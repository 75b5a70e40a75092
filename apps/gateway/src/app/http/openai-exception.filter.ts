import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import { HEADERS } from '@switchyard/contracts';
import { requestLogger, type Logger } from '@switchyard/observability';
import { toHttpError, type ErrorCode, type HttpError } from '@switchyard/openai';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBodyFor } from '../messages/messages-dialect';
import { OpenAIHttpException } from './openai-http.exception';
import { resolveTraceparent } from './request-id';

const STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'request_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limit_exceeded',
  503: 'service_unavailable',
};

/** Maps any HTTP status to the closest of Switchyard's error codes. */
function codeForStatus(status: number): ErrorCode {
  return STATUS_CODES[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
}

/** The OpenAI-shaped answer for any exception; unknown ones become a 500 that reveals nothing. */
export function toOpenAIError(exception: unknown, req: Pick<FastifyRequest, 'method' | 'url'>): HttpError {
  if (exception instanceof OpenAIHttpException) return exception.error;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) return toHttpError('not_found', `Unknown request URL: ${req.method} ${req.url.split('?')[0]}.`);
    return { ...toHttpError(codeForStatus(status), exception.message), status };
  }
  return toHttpError('internal_error', 'The server had an error while processing your request.');
}

/** Every error leaves the gateway as `{"error":{"message","type","param","code"}}`, or in Anthropic's shape on the Messages API's paths. */
@Catch()
export class OpenAIExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>();
    const error = toOpenAIError(exception, req);
    if (error.status >= 500 && !(exception instanceof HttpException)) {
      // The request-id hook has replaced the header with the id the client is told.
      const requestId = req.headers[HEADERS.requestId];
      const trace = { requestId: typeof requestId === 'string' ? requestId : undefined, traceparent: resolveTraceparent(req.headers[HEADERS.traceparent]) };
      requestLogger(this.logger, trace).error({ err: exception, url: req.url }, 'unhandled error');
    }
    if (reply.sent || reply.raw.headersSent) return;
    reply.status(error.status).send(errorBodyFor(req.url, error.status, error.body));
  }
}
