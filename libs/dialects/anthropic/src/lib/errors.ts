import { ERROR_CODES, type ErrorCode } from '@switchyard/openai';

/** Anthropic's error body: `{"type":"error","error":{"type","message"}}`. */
export interface MessagesErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

/** Anthropic's error `type` for an HTTP status. */
function errorTypeOf(status: number): string {
  switch (status) {
    case 400:
    case 405:
    case 408:
    case 415:
    case 431:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** One of Switchyard's errors as the Messages API answers it: the same status, Anthropic's body. */
export function messagesError(code: ErrorCode, message: string): { status: number; body: MessagesErrorBody } {
  const status = ERROR_CODES[code].status;
  return { status, body: messagesErrorOf(status, message) };
}

/** An error body in OpenAI's shape (`{"error":{"message",…}}`) with its status, in Anthropic's shape. */
export function messagesErrorOf(status: number, message: string): MessagesErrorBody {
  return { type: 'error', error: { type: errorTypeOf(status), message } };
}
