import { errorCodes, type FastifyError } from 'fastify';
import type { HttpError } from '@switchyard/openai';
import { openAISchemaValidator } from '@switchyard/testing';
import { fastifyErrorToOpenAI, isFastifyError } from './fastify-errors';

const SEND_JSON = 'Send the request body as JSON with "Content-Type: application/json".';
const NOT_JSON = 'We could not parse the JSON body of your request.';

const httpError = (status: number, message: string, type: string, code: string | null): HttpError => ({
  status,
  body: { error: { message, type, param: null, code } },
});
const SERVER_ERROR = httpError(500, 'The server had an error while processing your request.', 'server_error', 'server_error');

/** An error as a body parser outside Fastify's own codes raises it. */
function plainError(message: string, statusCode: number | undefined, base: Error = new Error(message)): FastifyError {
  return Object.assign(base, { code: 'EPARSE', statusCode }) as FastifyError;
}

describe('fastifyErrorToOpenAI', () => {
  const spec = openAISchemaValidator();

  it.each<[string, FastifyError, HttpError]>([
    [
      'FST_ERR_CTP_INVALID_JSON_BODY',
      new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(),
      httpError(400, `${NOT_JSON} Body is not valid JSON but content-type is set to 'application/json'`, 'invalid_request_error', 'invalid_json'),
    ],
    [
      'FST_ERR_CTP_EMPTY_JSON_BODY',
      new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(),
      httpError(400, `${NOT_JSON} Body cannot be empty when content-type is set to 'application/json'`, 'invalid_request_error', 'invalid_json'),
    ],
    [
      'FST_ERR_CTP_BODY_TOO_LARGE',
      new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(),
      httpError(413, 'The request body is too large.', 'invalid_request_error', 'request_too_large'),
    ],
    [
      'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(),
      httpError(415, SEND_JSON, 'invalid_request_error', 'unsupported_media_type'),
    ],
    [
      'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
      new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH(),
      httpError(400, 'The request body size did not match its Content-Length header.', 'invalid_request_error', null),
    ],
    [
      'a parser SyntaxError',
      plainError('Unexpected token } in JSON', undefined, new SyntaxError('Unexpected token } in JSON')),
      httpError(400, NOT_JSON, 'invalid_request_error', 'invalid_json'),
    ],
    ['a parser error marked 400', plainError('bad gzip', 400), httpError(400, NOT_JSON, 'invalid_request_error', 'invalid_json')],
    [
      'another client error, keeping its status',
      new errorCodes.FST_ERR_NOT_FOUND(),
      httpError(404, 'Not Found', 'invalid_request_error', null),
    ],
    ['a server-side Fastify error, without its details', new errorCodes.FST_ERR_CTP_INVALID_PARSE_TYPE('json'), SERVER_ERROR],
    ['an error without a status', plainError('socket hang up', undefined), SERVER_ERROR],
  ])('maps %s', (_name, error, expected) => {
    const mapped = fastifyErrorToOpenAI(error);
    expect(mapped).toEqual(expected);
    expect(spec.validate('ErrorResponse', mapped.body)).toEqual({ valid: true, errors: [] });
  });
});

describe('isFastifyError', () => {
  it.each<[string, unknown, boolean]>([
    ['a Fastify error', new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), true],
    ['an error with another code', Object.assign(new Error('x'), { code: 'ECONNRESET' }), false],
    ['an error with a numeric code', Object.assign(new Error('x'), { code: 415 }), false],
    ['a plain error', new Error('FST_ERR_CTP_BODY_TOO_LARGE'), false],
    ['an object that looks like one', { code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'x' }, false],
    ['undefined', undefined, false],
  ])('%s → %s', (_name, value, expected) => {
    expect(isFastifyError(value)).toBe(expected);
  });
});
