import type { ConsoleKey } from '@switchyard/contracts';
import { KeyStoreError, type KeyRecord } from '@switchyard/keys';
import { z } from 'zod';
import { OpenAIHttpException } from '../http/openai-http.exception';

/** A limit as a client may send it: a whole number of at least 1 (the store checks the rest). */
const limit = z.number().int().positive().optional();

/** `POST /console/api/keys`: the shape only; names, limits and model patterns are checked by the key store, as for `npm run keys`. */
export const CreateConsoleKeySchema = z
  .object({
    name: z.string(),
    limits: z.object({ rpm: limit, tpm: limit, rpd: limit }).strict().optional(),
    models: z.array(z.string()).max(100).optional(),
  })
  .strict();

/** A record without its hash: what the console may see. */
export function consoleKeyOf(record: KeyRecord): ConsoleKey {
  const { id, name, prefix, createdAt, revokedAt, limits, models } = record;
  return { id, name, prefix, createdAt, ...(revokedAt === undefined ? {} : { revokedAt }), limits, models };
}

/** The body's shape error as a 400 naming the field. */
export function badKeyBody(error: z.ZodError): OpenAIHttpException {
  const issue = error.issues[0];
  const param = issue.path.join('.') || null;
  return OpenAIHttpException.of('invalid_request', `Invalid key: ${param ?? 'body'}: ${issue.message}.`, param);
}

/** The key store's refusals as the console's errors: an unknown key is a 404, anything else it refuses a 400. */
export function keyStoreFailure(error: unknown): OpenAIHttpException {
  if (!(error instanceof KeyStoreError)) return OpenAIHttpException.of('service_unavailable', 'The keys bucket cannot be reached right now; try again.');
  return error.message.startsWith('no key with') ? OpenAIHttpException.of('not_found', `${capitalise(error.message)}.`) : OpenAIHttpException.of('invalid_request', `${capitalise(error.message)}.`);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
