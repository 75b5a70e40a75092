import { errorPart, type ErrorPart } from '@switchyard/contracts';
import { upstreamErrorPart } from '@switchyard/providers-core';
import { AnthropicErrorBodySchema } from './anthropic-wire.schema';

/** Anthropic's messages for a prompt that does not fit the model's context window. */
const CONTEXT_EXCEEDED = /prompt is too long|exceed context limit/i;

/** UUIDs in a message (Anthropic names the gateway operator's organization in rate-limit errors). */
const UUID = /\s*\(?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)?/gi;

/** The `error.message` of an Anthropic error body, or undefined when the body is not one (a proxy's HTML page). */
function providerMessage(body: string): string | undefined {
  try {
    const parsed = AnthropicErrorBodySchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.error.message.replace(UUID, '') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An Anthropic error response (`{"type":"error","error":{"type","message"}}`) → an error part, by the
 * shared status rules (529 overloaded and 5xx retryable, credential errors' text withheld). A 400 for
 * a prompt longer than the context window becomes `context_length_exceeded`, as OpenAI reports it.
 * Reference: https://docs.anthropic.com/en/api/errors
 */
export function convertAnthropicError(status: number, body: string): ErrorPart {
  const message = providerMessage(body);
  if (status === 400 && message !== undefined && CONTEXT_EXCEEDED.test(message)) {
    return errorPart('context_length_exceeded', `anthropic (HTTP 400): ${message}`, { param: 'messages' });
  }
  return upstreamErrorPart('anthropic', status, message);
}
