import {
  BadRequestException,
  HttpException,
  InternalServerErrorException,
  MethodNotAllowedException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { HttpError } from '@switchyard/openai';
import { openAISchemaValidator } from '@switchyard/testing';
import { toOpenAIError } from './openai-exception.filter';
import { OpenAIHttpException } from './openai-http.exception';

const GET_X = { method: 'GET', url: '/x' };
const httpError = (status: number, message: string, type: string, code: string | null): HttpError => ({
  status,
  body: { error: { message, type, param: null, code } },
});
const SERVER_ERROR = httpError(500, 'The server had an error while processing your request.', 'server_error', 'server_error');

describe('toOpenAIError', () => {
  const spec = openAISchemaValidator();

  it('sends an OpenAIHttpException as it is', () => {
    const exception = OpenAIHttpException.of('model_not_found', "The model 'x' does not exist.", 'model');
    expect(toOpenAIError(exception, GET_X)).toBe(exception.error);
    expect(exception.error).toEqual({
      status: 404,
      body: { error: { message: "The model 'x' does not exist.", type: 'invalid_request_error', param: 'model', code: 'model_not_found' } },
    });
  });

  it.each<[string, unknown, { method: string; url: string }, HttpError]>([
    ['an unknown route', new NotFoundException(), GET_X, httpError(404, 'Unknown request URL: GET /x.', 'invalid_request_error', 'not_found')],
    [
      'an unknown route, without its query string',
      new NotFoundException('Cannot POST /v1/embeddings?key=secret'),
      { method: 'POST', url: '/v1/embeddings?key=secret' },
      httpError(404, 'Unknown request URL: POST /v1/embeddings.', 'invalid_request_error', 'not_found'),
    ],
    ['a bad request', new BadRequestException('The body is odd.'), GET_X, httpError(400, 'The body is odd.', 'invalid_request_error', null)],
    ['a wrong method', new MethodNotAllowedException(), GET_X, httpError(405, 'Method Not Allowed', 'invalid_request_error', 'method_not_allowed')],
    ['a large body', new PayloadTooLargeException(), GET_X, httpError(413, 'Payload Too Large', 'invalid_request_error', 'request_too_large')],
    [
      'a wrong media type',
      new UnsupportedMediaTypeException(),
      GET_X,
      httpError(415, 'Unsupported Media Type', 'invalid_request_error', 'unsupported_media_type'),
    ],
    [
      'an unavailable service',
      new ServiceUnavailableException(),
      GET_X,
      httpError(503, 'Service Unavailable', 'service_unavailable', 'service_unavailable'),
    ],
    ['an unusual client status, keeping it', new HttpException('No coffee.', 418), GET_X, httpError(418, 'No coffee.', 'invalid_request_error', null)],
    [
      'an unusual server status, keeping it',
      new HttpException('Bad gateway.', 502),
      GET_X,
      httpError(502, 'Bad gateway.', 'server_error', 'server_error'),
    ],
    ['a Nest 500', new InternalServerErrorException(), GET_X, httpError(500, 'Internal Server Error', 'server_error', 'server_error')],
    [
      // Nest hands Fastify's errors (body limit, media type) to filters as HttpException(message, status).
      'a Fastify body-limit error as Nest passes it on',
      new HttpException('Request body is too large', 413),
      GET_X,
      httpError(413, 'Request body is too large', 'invalid_request_error', 'request_too_large'),
    ],
    ['a plain Error', new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'), GET_X, SERVER_ERROR],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'x')"), GET_X, SERVER_ERROR],
    ['a thrown string', 'secret', GET_X, SERVER_ERROR],
    ['undefined', undefined, GET_X, SERVER_ERROR],
  ])('maps %s', (_name, exception, req, expected) => {
    const error = toOpenAIError(exception, req);
    expect(error).toEqual(expected);
    expect(spec.validate('ErrorResponse', error.body)).toEqual({ valid: true, errors: [] });
  });

  it('never shows the message of an unexpected error', () => {
    const body = JSON.stringify(toOpenAIError(new Error('password=hunter2 at db.internal:5432'), GET_X).body);
    expect(body).not.toMatch(/hunter2|db\.internal/);
  });
});
