/** Every failure the console shows: a message a person can read, the HTTP status when there was one. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status; null when no answer came (network failure, cancelled). */
    readonly status: number | null,
    /** The OpenAI error body's `code`, or a local one (`network_error`, `aborted`, `bad_response`). */
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The token was refused: the console must go back to its sign-in screen. */
  get signedOut(): boolean {
    return this.status === 401;
  }

  get aborted(): boolean {
    return this.code === 'aborted';
  }
}

interface OpenAIErrorLike {
  error: { message: string; code?: unknown };
}

function isOpenAIError(value: unknown): value is OpenAIErrorLike {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/** The error an OpenAI-shaped body carries, or null when the value is not one. */
export function openAIErrorOf(value: unknown): { message: string; code: string | null } | null {
  if (!isOpenAIError(value)) return null;
  const code = value.error.code;
  return { message: value.error.message, code: typeof code === 'string' ? code : null };
}

/** Turns an HTTP error answer into an ApiError: the OpenAI body's message when it has one, else status and text. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // The body may break off; the status alone still says something.
  }
  try {
    const error = openAIErrorOf(JSON.parse(text));
    if (error) return new ApiError(error.message, response.status, error.code);
  } catch {
    // Not JSON: a proxy's page or plain text.
  }
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const snippet = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  return new ApiError(snippet ? `${status}: ${snippet}` : status, response.status);
}

/** Turns a thrown fetch failure (network down, cancelled) into an ApiError. */
export function errorFromFailure(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof Error && error.name === 'AbortError') return new ApiError('Cancelled', null, 'aborted');
  const detail = error instanceof Error ? error.message : String(error);
  return new ApiError(`Could not reach the gateway (${detail})`, null, 'network_error');
}

/** The text to show for anything caught. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
