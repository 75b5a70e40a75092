import type { SwitchyardConfig } from '@switchyard/config';
import type { NatsConnectionSettings } from '@switchyard/nats';

/** What the console needs from the configuration. */
export interface ConsoleSettings {
  nats: NatsConnectionSettings;
  /** The admin token; undefined keeps the console off (its API answers 403, `/console` says how to turn it on). */
  adminToken?: string;
}

export function consoleSettings(config: SwitchyardConfig): ConsoleSettings {
  return { nats: config.nats, adminToken: config.gateway.adminToken };
}
