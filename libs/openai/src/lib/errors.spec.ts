import { ERROR_CODE_NAMES, toHttpError, type ErrorCode } from './errors';

/** What each code looks like on the wire: status, OpenAI error type, OpenAI error code. */
const TABLE: Array<[ErrorCode, number, string, string | null]> = [
  ['invalid_request', 400, 'invalid_request_error', null],
  ['context_length_exceeded', 400, 'invalid_request_error', 'context_length_exceeded'],
  ['unsupported_parameter', 400, 'invalid_request_error', 'unsupported_parameter'],
  ['invalid_json', 400, 'invalid_request_error', 'invalid_json'],
  ['invalid_api_key', 401, 'invalid_request_error', 'invalid_api_key'],
  ['permission_denied', 403, 'permission_error', 'permission_denied'],
  ['not_found', 404, 'invalid_request_error', 'not_found'],
  ['model_not_found', 404, 'invalid_request_error', 'model_not_found'],
  ['previous_response_not_found', 404, 'invalid_request_error', 'previous_response_not_found'],
  ['method_not_allowed', 405, 'invalid_request_error', 'method_not_allowed'],
  ['request_too_large', 413, 'invalid_request_error', 'request_too_large'],
  ['request_headers_too_large', 431, 'invalid_request_error', 'request_headers_too_large'],
  ['request_timeout', 408, 'invalid_request_error', 'request_timeout'],
  ['unsupported_media_type', 415, 'invalid_request_error', 'unsupported_media_type'],
  ['rate_limit_exceeded', 429, 'rate_limit_error', 'rate_limit_exceeded'],
  ['insufficient_quota', 429, 'insufficient_quota', 'insufficient_quota'],
  ['cancelled', 499, 'invalid_request_error', 'cancelled'],
  ['internal_error', 500, 'server_error', 'server_error'],
  ['upstream_error', 502, 'server_error', 'upstream_error'],
  ['upstream_authentication_error', 502, 'server_error', 'upstream_authentication_error'],
  ['service_unavailable', 503, 'service_unavailable', 'service_unavailable'],
  ['backend_busy', 503, 'service_unavailable', 'backend_busy'],
  ['timeout', 504, 'server_error', 'timeout'],
];

describe('toHttpError', () => {
  it.each(TABLE)('%s is HTTP %i with type %s and code %s', (code, status, type, wireCode) => {
    expect(toHttpError(code, 'Something went wrong.')).toEqual({
      status,
      body: { error: { message: 'Something went wrong.', type, param: null, code: wireCode } },
    });
  });

  it('has a row above for every error code', () => {
    expect(TABLE.map(([code]) => code).sort()).toEqual([...ERROR_CODE_NAMES].sort());
  });

  it('carries the offending parameter', () => {
    expect(toHttpError('model_not_found', "The model 'x' does not exist.", 'model').body.error).toEqual({
      message: "The model 'x' does not exist.",
      type: 'invalid_request_error',
      param: 'model',
      code: 'model_not_found',
    });
  });
});
