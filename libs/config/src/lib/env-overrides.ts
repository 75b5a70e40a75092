/**
 * Environment overrides of the configuration file. `SWITCHYARD_<SECTION>__<KEY>=value` sets
 * `<section>.<key>` (`SWITCHYARD_GATEWAY__PORT=8080` → `gateway.port`,
 * `SWITCHYARD_WORKER_LOCAL__THREADS=1` → `workerLocal.threads`). Values are parsed as JSON when they
 * parse (numbers, booleans, arrays), else taken as strings. `NATS_URL` and `LOG_LEVEL` are accepted too.
 * A `SWITCHYARD_` variable without a `__` separator is not an override.
 */

export const ENV_PREFIX = 'SWITCHYARD_';

const ALIASES: Readonly<Record<string, string>> = {
  NATS_URL: 'nats.url',
  LOG_LEVEL: 'log.level',
};

/** `WORKER_LOCAL` → `workerLocal`. */
function camel(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** The config path an environment variable sets, or undefined when it is not an override. */
export function envVarToPath(name: string): string | undefined {
  if (ALIASES[name]) return ALIASES[name];
  if (!name.startsWith(ENV_PREFIX)) return undefined;
  const segments = name.slice(ENV_PREFIX.length).split('__');
  // An override names a section and a key; other SWITCHYARD_* variables (SWITCHYARD_CONFIG,
  // SWITCHYARD_TEST_MODELS_DIR, …) are not configuration keys.
  if (segments.length < 2 || segments.some((s) => s === '')) return undefined;
  return segments.map(camel).join('.');
}

/** The environment variable that sets a config path: `gateway.port` → `SWITCHYARD_GATEWAY__PORT`. */
export function pathToEnvVar(path: string): string {
  return ENV_PREFIX + path.split('.').map((s) => s.replace(/([A-Z])/g, '_$1').toUpperCase()).join('__');
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

type Tree = Record<string, unknown>;

/** Returns a copy of `base` with every override from `env` applied; also lists which paths came from env. */
export function applyEnvOverrides(
  base: Tree,
  env: Readonly<Record<string, string | undefined>>,
): { config: Tree; fromEnv: Map<string, string> } {
  const config = structuredClone(base);
  const fromEnv = new Map<string, string>();
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined) continue;
    const path = envVarToPath(name);
    if (path === undefined) continue;
    const keys = path.split('.');
    let node: Tree = config;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
      node = node[key] as Tree;
    }
    node[keys[keys.length - 1]] = parseValue(raw);
    fromEnv.set(path, name);
  }
  return { config, fromEnv };
}
