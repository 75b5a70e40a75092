import { toHttpError } from '@switchyard/openai';
import { ruleForStatus, upstreamErrorPart } from './upstream-status';

describe('ruleForStatus', () => {
  it.each([
    [400, 'invalid_request', false, 400],
    [401, 'upstream_authentication_error', false, 502],
    [403, 'permission_denied', false, 403],
    [404, 'model_not_found', false, 404],
    [408, 'timeout', true, 504],
    [409, 'upstream_error', true, 502],
    [413, 'request_too_large', false, 413],
    [422, 'invalid_request', false, 400],
    [429, 'rate_limit_exceeded', true, 429],
    [500, 'upstream_error', true, 502],
    [502, 'upstream_error', true, 502],
    [503, 'upstream_error', true, 502],
    [529, 'upstream_error', true, 502],
    [418, 'upstream_error', false, 502],
  ])('upstream %i → %s (retryable %s, client sees %i)', (status, code, retryable, clientStatus) => {
    const rule = ruleForStatus(status);
    expect(rule.code).toBe(code);
    expect(rule.retryable).toBe(retryable);
    expect(toHttpError(rule.code, 'x').status).toBe(clientStatus);
  });
});

describe('upstreamErrorPart', () => {
  it('passes on the provider message for the client’s own mistakes', () => {
    const part = upstreamErrorPart('openai', 400, "Invalid value for 'temperature'", 'temperature');
    expect(part).toMatchObject({ code: 'invalid_request', retryable: false, param: 'temperature' });
    expect(part.message).toContain("Invalid value for 'temperature'");
  });

  it('never passes on a credential error’s text, which can quote the key', () => {
    const part = upstreamErrorPart('openai', 401, 'Incorrect API key provided: sk-abc***xyz');
    expect(part.message).not.toContain('sk-abc');
    expect(part.code).toBe('upstream_authentication_error');
  });

  it('names the provider and the status', () => {
    expect(upstreamErrorPart('anthropic', 529, 'Overloaded').message).toMatch(/^anthropic \(HTTP 529\): /);
  });
});
