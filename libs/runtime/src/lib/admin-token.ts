import { toHttpError, type HttpError } from '@switchyard/openai';
import { BearerToken } from './bearer-token';

const MISSING = 'You didn\'t provide an admin token. Send the admin token as "Authorization: Bearer <token>".';
const WRONG = 'Incorrect admin token provided.';

/**
 * Guards a service's admin endpoints with one bearer token (compared in constant time, see `BearerToken`).
 * `disabled` is the message answered while no token is configured: it says which setting turns the endpoints on.
 */
export class AdminToken {
  private readonly token: BearerToken;

  constructor(
    token: string | undefined,
    private readonly disabled: string,
  ) {
    this.token = new BearerToken(token);
  }

  /** Whether a token is configured (the endpoints are on). */
  get configured(): boolean {
    return this.token.configured;
  }

  /** Undefined when `authorization` carries the token; otherwise the error to answer (403 when disabled, else 401). */
  check(authorization: string | undefined): HttpError | undefined {
    if (!this.token.configured) return toHttpError('permission_denied', this.disabled);
    const outcome = this.token.check(authorization);
    if (outcome === 'missing') return toHttpError('invalid_api_key', MISSING);
    return outcome === 'ok' ? undefined : toHttpError('invalid_api_key', WRONG);
  }
}

/** The message of an admin API that is off, naming its environment variable and setting. */
export function adminDisabledMessage(what: string, envVar: string, setting: string, service: string): string {
  return (
    `${what} is disabled: no admin token is configured. Set ${envVar} (${setting}, at least 16 characters, e.g. ` +
    `\`openssl rand -hex 32\`) in the environment of the ${service} service, then send it as "Authorization: Bearer <token>".`
  );
}
