import { errorPart, type ErrorPart } from '@switchyard/contracts';

/**
 * A parameter Anthropic cannot honour without changing the answer: refused by name, never dropped.
 * Not retryable: the request itself is the problem.
 */
export function unsupportedParameter(param: string, why: string): ErrorPart {
  return errorPart('unsupported_parameter', `Unsupported parameter '${param}': ${why}`, { param });
}

/** A parameter whose value cannot be turned into an Anthropic request (unparseable tool arguments, …). */
export function invalidParameter(param: string, why: string): ErrorPart {
  return errorPart('invalid_request', `Invalid parameter '${param}': ${why}`, { param });
}
