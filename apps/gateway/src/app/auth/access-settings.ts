import type { SwitchyardConfig } from '@switchyard/config';
import type { NatsConnectionSettings } from '@switchyard/nats';

/** What API-key auth and rate limiting need from the configuration and the environment. */
export interface AccessSettings {
  nats: NatsConnectionSettings;
  keysBucket: string;
  rateLimitBucket: string;
  kvReplicas: number;
  /** Start even with no key in production. */
  allowOpen: boolean;
  /** NODE_ENV is `production`: refuse to run open unless `allowOpen`. */
  production: boolean;
  /** What to do when the counters cannot be reached. */
  rateLimitFailMode: 'open' | 'closed';
  /** The console's admin token (`gateway.adminToken`), also accepted as a key without limits; undefined when unset. */
  adminToken?: string;
  /** Completion tokens reserved for a request that sets no cap (the router's `expectedOutputTokens`). */
  defaultCompletionTokens: number;
}

/** Reads the access settings from the loaded configuration and `NODE_ENV`. */
export function accessSettings(config: SwitchyardConfig, env: Readonly<Record<string, string | undefined>> = process.env): AccessSettings {
  return {
    nats: config.nats,
    keysBucket: config.gateway.keysBucket,
    rateLimitBucket: config.gateway.rateLimitBucket,
    kvReplicas: config.gateway.kvReplicas,
    allowOpen: config.gateway.allowOpen,
    production: env['NODE_ENV'] === 'production',
    rateLimitFailMode: config.gateway.rateLimitFailMode,
    defaultCompletionTokens: config.router.expectedOutputTokens,
    adminToken: config.gateway.adminToken,
  };
}
