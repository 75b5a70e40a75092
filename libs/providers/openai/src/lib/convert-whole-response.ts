import { errorPart, type StreamPart } from '@switchyard/contracts';
import type { z } from 'zod';
import { describeSchemaError } from './describe-schema-error';
import { inlineErrorPart } from './inline-error-part';
import { readInlineError } from './read-inline-error';

/**
 * A non-streamed upstream body → parts, the same way for every operation: an error object answered
 * with 200 → its error part; a body `schema` refuses → one retryable `upstream_error` saying why;
 * otherwise what `convert` makes of it.
 */
export function convertWholeResponse<T>(provider: string, json: unknown, schema: z.ZodType<T>, convert: (body: T) => StreamPart[]): StreamPart[] {
  const inline = readInlineError(json);
  if (inline) return [inlineErrorPart(provider, inline, false)];
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return [errorPart('upstream_error', `${provider} sent a malformed response (${describeSchemaError(parsed.error)}).`, { retryable: true })];
  }
  return convert(parsed.data);
}
