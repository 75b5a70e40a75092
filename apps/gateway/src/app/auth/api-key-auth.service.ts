import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { modelAllowed, type KeyRecord } from '@switchyard/keys';
import type { Logger } from '@switchyard/observability';
import { ACCESS_LOGGER, KEY_BACKEND } from './auth.constants';
import { incorrectKeyError, missingKeyError, modelNotAllowedError } from './auth-errors';
import { presentedKey } from './credentials';
import type { KeyBackend } from './key-backend';

/** Who is calling: anyone (the gateway runs open) or the holder of one key. */
export type Principal = { kind: 'open' } | { kind: 'key'; key: KeyRecord };

const OPEN: Principal = { kind: 'open' };

/**
 * Authenticates API keys against the in-memory view of the key store (no network per request). Used
 * by the HTTP guard, and by anything else that takes requests (a WebSocket upgrade passes its headers).
 */
@Injectable()
export class ApiKeyAuthService {
  private wasOpen: boolean;

  constructor(
    @Inject(KEY_BACKEND) private readonly backend: KeyBackend,
    @Inject(ACCESS_LOGGER) private readonly logger: Logger,
  ) {
    this.wasOpen = this.isOpen();
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
    if (open || directory === undefined) return OPEN;
    const presented = presentedKey(headers);
    if (presented === undefined) throw missingKeyError();
    const key = directory.authenticate(presented);
    if (!key) throw incorrectKeyError(presented);
    return { kind: 'key', key };
  }

  /** Whether the caller may use `model` (an open gateway allows everything). */
  mayUse(principal: Principal, model: string): boolean {
    return principal.kind === 'open' || modelAllowed(principal.key.models, model);
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
