/** An error object as OpenAI and compatible servers send it. */
export interface UpstreamErrorObject {
  /** Human-readable text (may quote part of an API key on credential errors). */
  message?: string;
  /** OpenAI's `type` (`invalid_request_error`, `server_error`…), or the server's own. */
  type?: string;
  /** The request parameter at fault, when named. */
  param: string | null;
  /** OpenAI's string code (`rate_limit_exceeded`), or an HTTP status number (vLLM). */
  code?: string | number;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fields(source: JsonObject): UpstreamErrorObject {
  const { message, type, param, code } = source;
  const error: UpstreamErrorObject = { param: typeof param === 'string' ? param : null };
  if (typeof message === 'string') error.message = message;
  if (typeof type === 'string') error.type = type;
  if (typeof code === 'string' || typeof code === 'number') error.code = code;
  return error;
}

/**
 * The error a JSON body carries, if it is one: OpenAI's `{"error": {message, type, param, code}}`,
 * Ollama's `{"error": "text"}`, or vLLM's flat `{"object": "error", message, type, param, code}`.
 */
export function readInlineError(json: unknown): UpstreamErrorObject | undefined {
  if (!isObject(json)) return undefined;
  if (isObject(json['error'])) return fields(json['error']);
  if (typeof json['error'] === 'string') return { message: json['error'], param: null };
  if (json['object'] === 'error') return fields(json);
  return undefined;
}
