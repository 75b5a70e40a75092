import type { Refusal } from '@switchyard/keys';
import { toHttpError, type HttpError } from '@switchyard/openai';
import { formatResetDuration } from './rate-limit-headers';

const LIMIT_NAMES: Record<`${Refusal['kind']}/${Refusal['window']}`, string> = {
  'requests/minute': 'requests per min (RPM)',
  'requests/day': 'requests per day (RPD)',
  'tokens/minute': 'tokens per min (TPM)',
  'tokens/day': 'tokens per day (TPD)',
};

/**
 * OpenAI's 429 for a key over its limit: code `rate_limit_exceeded`, type `requests` or `tokens`, and
 * a message naming the limit, what was used and asked for, and the wait.
 */
export function rateLimitError(refusal: Refusal, keyName: string): HttpError {
  const message =
    `Rate limit reached for key '${keyName}' on ${LIMIT_NAMES[`${refusal.kind}/${refusal.window}`]}: ` +
    `Limit ${refusal.limit}, Used ${refusal.used}, Requested ${refusal.requested}. ` +
    `Please try again in ${formatResetDuration(refusal.retryAfterMs)}.`;
  const error = toHttpError('rate_limit_exceeded', message);
  return { status: error.status, body: { error: { ...error.body.error, type: refusal.kind } } };
}
