import type { ErrorPart } from '@switchyard/contracts';
import { inlineErrorPart, inlineErrorStatus } from './inline-error-part';
import type { UpstreamErrorObject } from './read-inline-error';

describe('inlineErrorStatus', () => {
  it.each<[string, UpstreamErrorObject, number]>([
    ["vLLM's numeric code", { type: 'BadRequestError', code: 400, param: null }, 400],
    ["vLLM's numeric 503", { type: 'ServiceUnavailableError', code: 503, param: null }, 503],
    ['a number that is no status', { code: 7, param: null }, 500],
    ['rate_limit_exceeded code', { type: 'requests', code: 'rate_limit_exceeded', param: null }, 429],
    ['insufficient_quota', { type: 'insufficient_quota', code: 'insufficient_quota', param: null }, 429],
    ['tokens-per-minute type', { type: 'tokens', param: null }, 429],
    ['invalid_api_key code', { type: 'invalid_request_error', code: 'invalid_api_key', param: null }, 401],
    ['model_not_found code', { type: 'invalid_request_error', code: 'model_not_found', param: 'model' }, 404],
    ['invalid_request_error', { type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' }, 400],
    ['authentication_error', { type: 'authentication_error', param: null }, 401],
    ['permission_error', { type: 'permission_error', param: null }, 403],
    ['server_error', { type: 'server_error', param: null }, 500],
    ['no type or code', { message: 'boom', param: null }, 500],
  ])('%s', (_name, error, status) => {
    expect(inlineErrorStatus(error)).toBe(status);
  });
});

describe('inlineErrorPart', () => {
  it.each<[string, UpstreamErrorObject, boolean, ErrorPart]>([
    [
      'a server error before any output',
      { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null },
      false,
      { type: 'error', code: 'upstream_error', message: 'groq reported an error: the provider reported an error (server_error).', param: null, retryable: true },
    ],
    [
      'a server error after output',
      { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null },
      true,
      { type: 'error', code: 'upstream_error', message: 'groq reported an error: the provider reported an error (server_error).', param: null, retryable: false },
    ],
    [
      'a rate limit, with its text',
      { message: 'Rate limit reached for model llama-3.3-70b-versatile on tokens per minute (TPM).', type: 'tokens', code: 'rate_limit_exceeded', param: null },
      false,
      {
        type: 'error',
        code: 'rate_limit_exceeded',
        message: 'groq reported an error: Rate limit reached for model llama-3.3-70b-versatile on tokens per minute (TPM).',
        param: null,
        retryable: true,
      },
    ],
    [
      'a request error, with its param',
      { message: "This model's maximum context length is 8192 tokens.", type: 'BadRequestError', code: 400, param: 'messages' },
      false,
      { type: 'error', code: 'invalid_request', message: "groq reported an error: This model's maximum context length is 8192 tokens.", param: 'messages', retryable: false },
    ],
    [
      'a credential error, without its text',
      { message: 'Invalid API Key: gsk_abc123', type: 'invalid_request_error', code: 'invalid_api_key', param: null },
      false,
      { type: 'error', code: 'upstream_authentication_error', message: 'groq reported an error: the provider reported an error (invalid_request_error).', param: null, retryable: false },
    ],
    [
      'no type',
      { param: null },
      false,
      { type: 'error', code: 'upstream_error', message: 'groq reported an error: the provider reported an error (no type).', param: null, retryable: true },
    ],
  ])('%s', (_name, error, outputSent, expected) => {
    expect(inlineErrorPart('groq', error, outputSent)).toEqual(expected);
  });
});
