import type { ErrorPart } from '@switchyard/contracts';
import { convertStreamError } from './convert-stream-error';

describe('convertStreamError', () => {
  it.each<[string, string, ErrorPart['code'], boolean, string]>([
    ['overloaded_error', 'Overloaded', 'upstream_error', true, 'anthropic stream error (overloaded_error): Overloaded'],
    ['rate_limit_error', 'Number of concurrent connections has exceeded your rate limit.', 'rate_limit_exceeded', true, 'anthropic stream error (rate_limit_error): Number of concurrent connections has exceeded your rate limit.'],
    ['api_error', 'Internal server error', 'upstream_error', true, 'anthropic stream error (api_error): Internal server error'],
    ['invalid_request_error', 'Output blocked by content filtering policy', 'upstream_error', false, 'anthropic stream error (invalid_request_error): Output blocked by content filtering policy'],
    ['authentication_error', 'invalid x-api-key sk-ant-api03-abc', 'upstream_error', false, 'anthropic stream error (authentication_error)'],
    ['permission_error', 'Your API key does not have permission', 'upstream_error', false, 'anthropic stream error (permission_error)'],
    ['some_new_error', 'Something new', 'upstream_error', false, 'anthropic stream error (some_new_error): Something new'],
  ])('maps %s', (type, message, code, retryable, text) => {
    expect(convertStreamError({ type, message })).toEqual({ type: 'error', code, retryable, param: null, message: text });
  });
});
