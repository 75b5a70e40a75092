import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type SwitchyardConfig } from '@switchyard/config';

/** The Switchyard apps, each with an image target of the same name. */
export const APPS = ['gateway', 'router', 'worker-local', 'worker-cloud', 'metrics'] as const;
export type App = (typeof APPS)[number];

/** Where each app's host and port live in the configuration. */
export const CONFIG_SECTION = {
  gateway: 'gateway',
  router: 'router',
  'worker-local': 'workerLocal',
  'worker-cloud': 'workerCloud',
  metrics: 'metrics',
} as const satisfies Record<App, keyof SwitchyardConfig>;

export const isApp = (name: string): name is App => (APPS as readonly string[]).includes(name);

/**
 * The configuration a container starts with when its environment is `env`, through the services' own loader
 * (so an unknown SWITCHYARD_* key or a bad value throws). No file: SWITCHYARD_CONFIG is unset in the images
 * and the working directory is an empty folder, so a switchyard.yaml lying around here is not read.
 */
export function configFromEnv(env: Readonly<Record<string, string>>): SwitchyardConfig {
  const cwd = mkdtempSync(join(tmpdir(), 'compose-config-'));
  try {
    return loadConfig({ env, cwd });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** The host and port an app listens on with that configuration. */
export function listenAddress(config: SwitchyardConfig, app: App): { host: string; port: number } {
  const { host, port } = config[CONFIG_SECTION[app]];
  return { host, port };
}
