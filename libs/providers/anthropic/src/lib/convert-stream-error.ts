import { errorPart, type ErrorPart } from '@switchyard/contracts';

/** Error types whose text may concern the gateway's credentials: never shown to the client. */
const WITHHELD = new Set(['authentication_error', 'permission_error']);

/**
 * An `error` event in a stream that began with HTTP 200 → an error part. Overload, rate limits and
 * Anthropic's internal errors are retryable (the router retries only before output has started);
 * any other type is an upstream error that another attempt would not fix.
 * Reference: https://docs.anthropic.com/en/docs/build-with-claude/streaming#error-events
 */
export function convertStreamError(error: { type: string; message: string }): ErrorPart {
  const text = WITHHELD.has(error.type) ? `anthropic stream error (${error.type})` : `anthropic stream error (${error.type}): ${error.message}`;
  switch (error.type) {
    case 'rate_limit_error':
      return errorPart('rate_limit_exceeded', text, { retryable: true });
    case 'overloaded_error': // Anthropic is busy (HTTP 529 before a stream)
    case 'api_error': // Anthropic failed internally (HTTP 500)
      return errorPart('upstream_error', text, { retryable: true });
    default:
      return errorPart('upstream_error', text, { retryable: false });
  }
}
