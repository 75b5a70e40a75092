import { createHash, timingSafeEqual } from 'node:crypto';
import { toHttpError, type HttpError } from '@switchyard/openai';

const DISABLED =
  'The usage API is disabled: no admin token is configured. Set SWITCHYARD_METRICS__ADMIN_TOKEN (metrics.adminToken, ' +
  'at least 16 characters, e.g. `openssl rand -hex 32`) in the environment of the metrics service, then send it as ' +
  '"Authorization: Bearer <token>".';
const MISSING = 'You didn\'t provide an admin token. Send the metrics service\'s admin token as "Authorization: Bearer <token>".';
const WRONG = 'Incorrect admin token provided.';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Guards the admin endpoints with one bearer token. Tokens are compared as SHA-256 digests with
 * `timingSafeEqual`, so neither the content nor the length of the real token leaks through timing.
 */
export class AdminToken {
  private readonly expected: Buffer | undefined;

  constructor(token: string | undefined) {
    this.expected = token === undefined || token === '' ? undefined : digest(token);
  }

  /** Undefined when `authorization` carries the token; otherwise the error to answer (403 when disabled, else 401). */
  check(authorization: string | undefined): HttpError | undefined {
    if (this.expected === undefined) return toHttpError('permission_denied', DISABLED);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return toHttpError('invalid_api_key', MISSING);
    return timingSafeEqual(digest(match[1]), this.expected) ? undefined : toHttpError('invalid_api_key', WRONG);
  }
}
