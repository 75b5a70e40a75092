import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { SwitchyardConfig } from '@switchyard/config';
import type { Logger } from '@switchyard/observability';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { AccessGuard } from './access.guard';
import { accessSettings, type AccessSettings } from './access-settings';
import { ApiKeyAuthService } from './api-key-auth.service';
import { ACCESS_LOGGER, ACCESS_SETTINGS, KEY_BACKEND } from './auth.constants';
import { openKeyBackend, type KeyBackend } from './key-backend';

/** Closes the key store's connection when the gateway stops. */
@Injectable()
class KeyBackendLifecycle implements OnApplicationShutdown {
  constructor(@Inject(KEY_BACKEND) private readonly backend: KeyBackend) {}

  async onApplicationShutdown(): Promise<void> {
    await this.backend.close();
  }
}

/**
 * API keys and per-key rate limits for every route but health and metrics (a global guard), and
 * `ApiKeyAuthService` / `RateLimitService` for the model list's per-key filter and other transports (WebSocket).
 */
@Module({})
export class AccessModule {
  static register(config: SwitchyardConfig, logger: Logger): DynamicModule {
    return {
      module: AccessModule,
      global: true,
      providers: [
        { provide: ACCESS_SETTINGS, useValue: accessSettings(config) },
        { provide: ACCESS_LOGGER, useValue: logger },
        {
          provide: KEY_BACKEND,
          inject: [ACCESS_SETTINGS, ACCESS_LOGGER],
          useFactory: (settings: AccessSettings, log: Logger): Promise<KeyBackend> => openKeyBackend(settings, log),
        },
        KeyBackendLifecycle,
        ApiKeyAuthService,
        RateLimitService,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [ApiKeyAuthService, RateLimitService, KEY_BACKEND],
    };
  }
}
