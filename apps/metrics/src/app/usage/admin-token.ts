import { toHttpError, type HttpError } from '@switchyard/openai';
import { BearerToken } from '@switchyard/runtime';

const DISABLED =
  'The usage API is disabled: no admin token is configured. Set SWITCHYARD_METRICS__ADMIN_TOKEN (metrics.adminToken, ' +
  'at least 16 characters, e.g. `openssl rand -hex 32`) in the environment of the metrics service, then send it as ' +
  '"Authorization: Bearer <token>".';
const MISSING = 'You didn\'t provide an admin token. Send the metrics service\'s admin token as "Authorization: Bearer <token>".';
const WRONG = 'Incorrect admin token provided.';

/** Guards the admin endpoints with one bearer token (compared in constant time, see `BearerToken`). */
export class AdminToken {
  private readonly token: BearerToken;

  constructor(token: string | undefined) {
    this.token = new BearerToken(token);
  }

  /** Undefined when `authorization` carries the token; otherwise the error to answer (403 when disabled, else 401). */
  check(authorization: string | undefined): HttpError | undefined {
    if (!this.token.configured) return toHttpError('permission_denied', DISABLED);
    const outcome = this.token.check(authorization);
    if (outcome === 'missing') return toHttpError('invalid_api_key', MISSING);
    return outcome === 'ok' ? undefined : toHttpError('invalid_api_key', WRONG);
  }
}
