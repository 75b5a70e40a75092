import type { ErrorPart } from '@switchyard/contracts';
import { convertAnthropicError } from './convert-anthropic-error';

/** An error body exactly as Anthropic sends it. */
function body(type: string, message: string): string {
  return JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy' });
}

describe('convertAnthropicError', () => {
  it.each<[string, number, string, ErrorPart['code'], boolean, string]>([
    ['an invalid request', 400, body('invalid_request_error', 'max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-5-20250929'), 'invalid_request', false, 'anthropic (HTTP 400): max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-5-20250929'],
    ['a prompt too long', 400, body('invalid_request_error', 'prompt is too long: 208310 tokens > 200000 maximum'), 'context_length_exceeded', false, 'anthropic (HTTP 400): prompt is too long: 208310 tokens > 200000 maximum'],
    ['input and max_tokens over the context', 400, body('invalid_request_error', 'input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000, decrease input length or `max_tokens` and try again'), 'context_length_exceeded', false, 'anthropic (HTTP 400): input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000, decrease input length or `max_tokens` and try again'],
    ['a bad key (text withheld)', 401, body('authentication_error', 'invalid x-api-key'), 'upstream_authentication_error', false, 'anthropic (HTTP 401): The provider rejected the gateway’s credentials.'],
    ['a key without permission', 403, body('permission_error', 'Your API key does not have permission to use the specified resource.'), 'permission_denied', false, 'anthropic (HTTP 403): The provider refused access to this resource.'],
    ['an unknown model', 404, body('not_found_error', 'model: claude-sonnet-9'), 'model_not_found', false, 'anthropic (HTTP 404): model: claude-sonnet-9'],
    ['a request timeout', 408, body('timeout_error', 'Request timed out'), 'timeout', true, 'anthropic (HTTP 408): The provider timed out.'],
    ['a conflict', 409, body('conflict_error', 'Conflict'), 'upstream_error', true, 'anthropic (HTTP 409): The provider failed to answer.'],
    ['a body too large', 413, body('request_too_large', 'Request exceeds the maximum allowed number of bytes.'), 'request_too_large', false, 'anthropic (HTTP 413): Request exceeds the maximum allowed number of bytes.'],
    ['an unprocessable request', 422, body('invalid_request_error', 'messages.1.content.0.image.source.base64.data: The image was specified using the image/png media type, but does not appear to be a valid png image'), 'invalid_request', false, 'anthropic (HTTP 422): messages.1.content.0.image.source.base64.data: The image was specified using the image/png media type, but does not appear to be a valid png image'],
    [
      'a rate limit (organization id removed)',
      429,
      body('rate_limit_error', 'This request would exceed the rate limit for your organization (8f4c2a9e-1b7d-4e3a-9c6f-2d5e8a1b3c7f) of 50,000 input tokens per minute.'),
      'rate_limit_exceeded',
      true,
      'anthropic (HTTP 429): This request would exceed the rate limit for your organization of 50,000 input tokens per minute.',
    ],
    ['an internal error', 500, body('api_error', 'Internal server error'), 'upstream_error', true, 'anthropic (HTTP 500): The provider failed to answer.'],
    ['an overload', 529, body('overloaded_error', 'Overloaded'), 'upstream_error', true, 'anthropic (HTTP 529): The provider failed to answer.'],
    ['a proxy page instead of JSON', 413, '<html><body><h1>413 Request Entity Too Large</h1></body></html>', 'request_too_large', false, 'anthropic (HTTP 413): The provider answered 413.'],
    ['an empty body', 502, '', 'upstream_error', true, 'anthropic (HTTP 502): The provider failed to answer.'],
    ['JSON that is not an error body', 400, '{"message":"bad"}', 'invalid_request', false, 'anthropic (HTTP 400): The provider answered 400.'],
  ])('converts %s', (_name, status, text, code, retryable, message) => {
    const param = code === 'context_length_exceeded' ? 'messages' : null;
    expect(convertAnthropicError(status, text)).toEqual({ type: 'error', code, retryable, param, message });
  });
});
