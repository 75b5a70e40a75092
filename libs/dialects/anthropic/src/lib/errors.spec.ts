import { messagesError } from './errors';

describe('messagesError', () => {
  it.each<[Parameters<typeof messagesError>[0], number, string]>([
    ['invalid_request', 400, 'invalid_request_error'],
    ['invalid_api_key', 401, 'authentication_error'],
    ['permission_denied', 403, 'permission_error'],
    ['model_not_found', 404, 'not_found_error'],
    ['request_too_large', 413, 'request_too_large'],
    ['rate_limit_exceeded', 429, 'rate_limit_error'],
    ['backend_busy', 503, 'overloaded_error'],
    ['internal_error', 500, 'api_error'],
    ['upstream_error', 502, 'api_error'],
    ['timeout', 504, 'api_error'],
  ])('%s: status %i, type %s', (code, status, type) => {
    expect(messagesError(code, 'It failed.')).toEqual({ status, body: { type: 'error', error: { type, message: 'It failed.' } } });
  });
});
