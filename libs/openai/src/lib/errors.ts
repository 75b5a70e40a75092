/**
 * The error codes Switchyard's services exchange, and how each is shown to an OpenAI client.
 * One table, so a code means the same status everywhere.
 */
export const ERROR_CODES = {
  invalid_request: { status: 400, type: 'invalid_request_error', code: null },
  context_length_exceeded: { status: 400, type: 'invalid_request_error', code: 'context_length_exceeded' },
  unsupported_parameter: { status: 400, type: 'invalid_request_error', code: 'unsupported_parameter' },
  invalid_json: { status: 400, type: 'invalid_request_error', code: 'invalid_json' },
  invalid_api_key: { status: 401, type: 'invalid_request_error', code: 'invalid_api_key' },
  permission_denied: { status: 403, type: 'permission_error', code: 'permission_denied' },
  not_found: { status: 404, type: 'invalid_request_error', code: 'not_found' },
  model_not_found: { status: 404, type: 'invalid_request_error', code: 'model_not_found' },
  previous_response_not_found: { status: 404, type: 'invalid_request_error', code: 'previous_response_not_found' },
  method_not_allowed: { status: 405, type: 'invalid_request_error', code: 'method_not_allowed' },
  request_too_large: { status: 413, type: 'invalid_request_error', code: 'request_too_large' },
  request_headers_too_large: { status: 431, type: 'invalid_request_error', code: 'request_headers_too_large' },
  request_timeout: { status: 408, type: 'invalid_request_error', code: 'request_timeout' },
  unsupported_media_type: { status: 415, type: 'invalid_request_error', code: 'unsupported_media_type' },
  rate_limit_exceeded: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  insufficient_quota: { status: 429, type: 'insufficient_quota', code: 'insufficient_quota' },
  internal_error: { status: 500, type: 'server_error', code: 'server_error' },
  upstream_error: { status: 502, type: 'server_error', code: 'upstream_error' },
  upstream_authentication_error: { status: 502, type: 'server_error', code: 'upstream_authentication_error' },
  service_unavailable: { status: 503, type: 'service_unavailable', code: 'service_unavailable' },
  backend_busy: { status: 503, type: 'service_unavailable', code: 'backend_busy' },
  timeout: { status: 504, type: 'server_error', code: 'timeout' },
  cancelled: { status: 499, type: 'invalid_request_error', code: 'cancelled' },
} as const satisfies Record<string, { status: number; type: string; code: string | null }>;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** OpenAI's `Error` object. */
export interface OpenAIErrorObject {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** OpenAI's `ErrorResponse`: the body of every error Switchyard returns. */
export interface OpenAIErrorBody {
  error: OpenAIErrorObject;
}

/** An error ready to send: its HTTP status and OpenAI-shaped body. */
export interface HttpError {
  status: number;
  body: OpenAIErrorBody;
}

/** Builds the HTTP status and OpenAI body for one of Switchyard's error codes. */
export function toHttpError(code: ErrorCode, message: string, param: string | null = null): HttpError {
  const entry = ERROR_CODES[code];
  return { status: entry.status, body: { error: { message, type: entry.type, param, code: entry.code } } };
}
