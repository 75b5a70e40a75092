import type { ErrorPart } from '@switchyard/contracts';
import { upstreamErrorPart } from '@switchyard/providers-core';
import { readInlineError, type UpstreamErrorObject } from './read-inline-error';

function parseBody(body: string): UpstreamErrorObject | undefined {
  try {
    return readInlineError(JSON.parse(body));
  } catch {
    return undefined;
  }
}

/**
 * An upstream error response → an error part coded by its status (`upstreamErrorPart`), with the
 * provider's message and param read from OpenAI's `{"error": {message, type, param, code}}` (or
 * Ollama's and vLLM's variants); a body that is not JSON gives no message. A 400 whose code is
 * `context_length_exceeded` keeps that code, and a 429 whose code is `insufficient_quota` (the account's
 * quota or credit is spent, not a passing limit) keeps that one, as OpenAI reports them to its own clients.
 * Reference: https://platform.openai.com/docs/guides/error-codes
 */
export function convertError(provider: string, status: number, body: string): ErrorPart {
  const error = parseBody(body);
  const part = upstreamErrorPart(provider, status, error?.message, error?.param ?? null);
  if (status === 400 && error?.code === 'context_length_exceeded') return { ...part, code: 'context_length_exceeded' };
  if (status === 429 && error?.code === 'insufficient_quota') return { ...part, code: 'insufficient_quota' };
  return part;
}
