import { errorPart, type ErrorPart } from '@switchyard/contracts';
import { ruleForStatus } from '@switchyard/providers-core';
import type { UpstreamErrorObject } from './read-inline-error';

/**
 * The HTTP status an error sent inside a 200 response stands for (a stream's `data: {"error": …}`,
 * or an error body answered with 200): vLLM's numeric `code` is one; otherwise OpenAI's `code` and
 * `type` tell (https://platform.openai.com/docs/guides/error-codes); anything else counts as a
 * server failure.
 */
export function inlineErrorStatus(error: UpstreamErrorObject): number {
  if (typeof error.code === 'number' && error.code >= 400 && error.code <= 599) return error.code;
  switch (error.code) {
    case 'rate_limit_exceeded':
    case 'insufficient_quota':
      return 429;
    case 'invalid_api_key':
      return 401;
    case 'model_not_found':
      return 404;
  }
  switch (error.type) {
    case 'invalid_request_error':
    case 'BadRequestError': // vLLM
      return 400;
    case 'authentication_error':
      return 401;
    case 'permission_error':
      return 403;
    case 'not_found_error':
    case 'NotFoundError': // vLLM
      return 404;
    case 'rate_limit_error':
    case 'tokens': // OpenAI's tokens-per-minute limit
    case 'requests': // OpenAI's requests-per-minute limit
    case 'insufficient_quota':
      return 429;
    default:
      return 500;
  }
}

/**
 * An error sent inside a 200 response → an error part, coded as its HTTP equivalent would be
 * (`ruleForStatus`; `insufficient_quota` keeps its own code), with the provider's text only where that status may show it. It is retryable
 * on another backend only if no output was converted before it.
 */
export function inlineErrorPart(provider: string, error: UpstreamErrorObject, outputSent: boolean): ErrorPart {
  const rule = ruleForStatus(inlineErrorStatus(error));
  const text = rule.passMessage && error.message ? error.message : `the provider reported an error (${error.type ?? 'no type'}).`;
  const code = error.code === 'insufficient_quota' ? 'insufficient_quota' : rule.code;
  return errorPart(code, `${provider} reported an error: ${text}`, { retryable: rule.retryable && !outputSent, param: error.param });
}
