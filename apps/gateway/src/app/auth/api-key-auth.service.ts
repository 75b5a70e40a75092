import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { modelAllowed, type KeyRecord } from '@switchyard/keys';
import type { Logger } from '@switchyard/observability';
import { BearerToken } from '@switchyard/runtime';
import type { AccessSettings } from './access-settings';
import { ACCESS_LOGGER, ACCESS_SETTINGS, KEY_BACKEND } from './auth.constants';
import { incorrectKeyError, missingKeyError, modelNotAllowedError } from './auth-errors';
import { presentedKey } from './credentials';
import type { KeyBackend } from './key-backend';

/**
 * Who is calling: anyone (the gateway runs open), the holder of one key, or the holder of the admin token (the
 * console's playground), who may use every model without limits.
 */
export type Principal = { kind: 'open' } | { kind: 'admin' } | { kind: 'key'; key: KeyRecord };

const OPEN: Principal = { kind: 'open' };
const ADMIN: Principal = { kind: 'admin' };

/**
 * Authenticates API keys against the in-memory view of the key store (no network per request). Used
 * by the HTTP guard, and by anything else that takes requests (a WebSocket upgrade passes its headers).
 */
@Injectable()
export class ApiKeyAuthService {
  private wasOpen: boolean;
  private readonly adminToken: BearerToken;

  constructor(
    @Inject(KEY_BACKEND) private readonly backend: KeyBackend,
    @Inject(ACCESS_LOGGER) private readonly logger: Logger,
    @Inject(ACCESS_SETTINGS) settings: Pick<AccessSettings, 'adminToken'>,
  ) {
    this.wasOpen = this.isOpen();
    this.adminToken = new BearerToken(settings.adminToken);
  }

  /** True while the store holds no key record at all (revoked ones count): no auth and no limits. */
  isOpen(): boolean {
    const directory = this.backend.directory;
    return directory === undefined || directory.size === 0;
  }

  /** The caller behind these headers; throws a 401 (OpenAI's `invalid_api_key`) for a missing, wrong or revoked key. */
  authenticate(headers: IncomingHttpHeaders): Principal {
    const open = this.isOpen();
    if (open !== this.wasOpen) this.noteModeChange(open);
    const directory = this.backend.directory;
    const presented = presentedKey(headers);
    // Named even on an open gateway, so that usage and the console tell the admin's requests apart.
    if (presented !== undefined && this.adminToken.matches(presented)) return ADMIN;
    if (open || directory === undefined) return OPEN;
    if (presented === undefined) throw missingKeyError();
    const key = directory.authenticate(presented);
    if (!key) throw incorrectKeyError(presented);
    return { kind: 'key', key };
  }

  /** Whether the caller may use `model` (an open gateway and the admin token allow everything). */
  mayUse(principal: Principal, model: string): boolean {
    return principal.kind !== 'key' || modelAllowed(principal.key.models, model);
  }

  /** Throws 404 `model_not_found` when the caller may not use `model`. */
  assertMayUse(principal: Principal, model: string): void {
    if (!this.mayUse(principal, model)) throw modelNotAllowedError(model);
  }

  private noteModeChange(open: boolean): void {
    this.wasOpen = open;
    if (open) this.logger.warn('the key store is empty again: the gateway is OPEN, without auth or rate limits');
    else this.logger.info('an API key exists now: every request must present a key');
  }
}
