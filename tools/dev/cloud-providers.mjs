// Names of the configured cloud providers, read the way the services read them: the
// SWITCHYARD_WORKER_CLOUD__PROVIDERS variable (JSON) if set, else the configuration file.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

export function cloudProviderNames(root, env) {
  let providers;
  if (env.SWITCHYARD_WORKER_CLOUD__PROVIDERS) {
    try {
      providers = JSON.parse(env.SWITCHYARD_WORKER_CLOUD__PROVIDERS);
    } catch {
      return []; // the service itself reports the bad value
    }
  } else {
    const file = env.SWITCHYARD_CONFIG ? resolve(root, env.SWITCHYARD_CONFIG) : resolve(root, 'switchyard.yaml');
    if (!existsSync(file)) return [];
    try {
      providers = parse(readFileSync(file, 'utf8'))?.workerCloud?.providers;
    } catch {
      return [];
    }
  }
  return Array.isArray(providers) ? providers.map((p) => p?.name).filter((n) => typeof n === 'string') : [];
}
