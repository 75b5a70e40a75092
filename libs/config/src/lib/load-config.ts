import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { applyEnvOverrides, pathToEnvVar } from './env-overrides';
import { ConfigSchema, type SwitchyardConfig } from './schema';

/** The configuration could not be loaded; the message names the file, the key and the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface LoadConfigOptions {
  /** Environment to read overrides from; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Working directory for the default file name; defaults to `process.cwd()`. */
  cwd?: string;
}

/** Which file is read: `SWITCHYARD_CONFIG`, else `./switchyard.yaml` when present, else none. */
export function configFilePath(env: Readonly<Record<string, string | undefined>>, cwd: string): string | undefined {
  if (env['SWITCHYARD_CONFIG']) return resolve(cwd, env['SWITCHYARD_CONFIG']);
  const local = resolve(cwd, 'switchyard.yaml');
  return existsSync(local) ? local : undefined;
}

function readFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read configuration file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`configuration file ${path} is not valid YAML: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`configuration file ${path} must hold a mapping`);
  return parsed as Record<string, unknown>;
}

function describe(issue: z.core.$ZodIssue, fromEnv: Map<string, string>, file: string | undefined): string {
  const path = issue.path.map(String).join('.');
  const key = issue.code === 'unrecognized_keys' ? [path, issue.keys[0]].filter(Boolean).join('.') : path;
  const envName = fromEnv.get(key);
  const source = envName ? `environment variable ${envName}` : file ? `${file}` : 'defaults';
  // Lists are overridden whole (`SWITCHYARD_WORKER_LOCAL__MODELS='[…]'`), so hint at the list, not the entry.
  const firstIndex = issue.path.findIndex((segment) => typeof segment === 'number');
  const settable = firstIndex === -1 ? key : issue.path.slice(0, firstIndex).map(String).join('.');
  const hint = envName || settable === '' ? '' : ` (or set ${pathToEnvVar(settable)})`;
  if (issue.code === 'unrecognized_keys') return `unknown setting "${key}" in ${source}`;
  return `"${key}" from ${source}: ${issue.message}${hint}`;
}

/** Loads, overrides and validates the whole configuration; throws ConfigError with every problem listed. */
export function loadConfig(options: LoadConfigOptions = {}): SwitchyardConfig {
  const env = options.env ?? process.env;
  const file = configFilePath(env, options.cwd ?? process.cwd());
  const base = file ? readFile(file) : {};
  const { config, fromEnv } = applyEnvOverrides(base, env);
  const result = ConfigSchema.safeParse(config);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${describe(issue, fromEnv, file)}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** For `main.ts`: loads the configuration, or prints why not and exits with status 1. */
export function loadConfigOrExit(service: string): SwitchyardConfig {
  try {
    return loadConfig();
  } catch (error) {
    process.stderr.write(`[${service}] ${(error as Error).message}\n`);
    process.exit(1);
  }
}
