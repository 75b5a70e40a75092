import { errorPart, type ErrorPart } from '@switchyard/contracts';
import type { ErrorCode } from '@switchyard/openai';

interface StatusRule {
  code: ErrorCode;
  retryable: boolean;
  /** Whether the provider's own message may be shown to the client (never for credential errors). */
  passMessage: boolean;
}

/**
 * What an upstream HTTP status means for the client and for fallback. The client's own mistakes
 * (400, 404, 413, 422) are returned as they are; overload, limits and outages are retryable on
 * another backend; credential problems are the operator's and their text (which can quote part of
 * the key) is never passed on.
 */
export function ruleForStatus(status: number): StatusRule {
  switch (status) {
    case 400:
    case 422:
      return { code: 'invalid_request', retryable: false, passMessage: true };
    case 401:
      return { code: 'upstream_authentication_error', retryable: false, passMessage: false };
    case 403:
      return { code: 'permission_denied', retryable: false, passMessage: false };
    case 404:
      return { code: 'model_not_found', retryable: false, passMessage: true };
    case 408:
      return { code: 'timeout', retryable: true, passMessage: false };
    case 409:
      return { code: 'upstream_error', retryable: true, passMessage: false };
    case 413:
      return { code: 'request_too_large', retryable: false, passMessage: true };
    case 429:
      return { code: 'rate_limit_exceeded', retryable: true, passMessage: true };
    default:
      return status >= 500
        ? { code: 'upstream_error', retryable: true, passMessage: false }
        : { code: 'upstream_error', retryable: false, passMessage: false };
  }
}

const CANNED: Partial<Record<ErrorCode, string>> = {
  upstream_authentication_error: 'The provider rejected the gateway’s credentials.',
  permission_denied: 'The provider refused access to this resource.',
  timeout: 'The provider timed out.',
  upstream_error: 'The provider failed to answer.',
};

/** Builds the error part for an upstream status, with the provider's message when it may be shown. */
export function upstreamErrorPart(provider: string, status: number, providerMessage: string | undefined, param: string | null = null): ErrorPart {
  const rule = ruleForStatus(status);
  const text = rule.passMessage && providerMessage ? providerMessage : (CANNED[rule.code] ?? `The provider answered ${status}.`);
  return errorPart(rule.code, `${provider} (HTTP ${status}): ${text}`, { retryable: rule.retryable, param });
}
