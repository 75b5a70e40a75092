import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@switchyard/testing';
import { parse as parseYaml } from 'yaml';

/** A published or exposed port. */
export interface ComposePort {
  published: number | undefined;
  target: number;
}

/** A mount: a host path (bind) or a named volume. */
export interface ComposeMount {
  type: 'bind' | 'volume';
  source: string;
  target: string;
  readOnly: boolean;
}

/** A service as `docker-compose config` prints it, in one shape whatever the Compose version. */
export interface ComposeService {
  name: string;
  image: string | undefined;
  build: { context: string; target: string | undefined; dockerfile: string | undefined } | undefined;
  environment: Record<string, string>;
  ports: ComposePort[];
  volumes: ComposeMount[];
  healthcheck: { test: string[]; interval?: string; timeout?: string; retries?: number; start_period?: string } | undefined;
  dependsOn: Record<string, string>;
  profiles: string[];
  deploy: { resources?: { reservations?: { devices?: Array<{ driver?: string; count?: number | string; capabilities?: string[] }> } } } | undefined;
}

/** What one `docker-compose config` run printed and how it ended. */
export interface ComposeConfigRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export const COMPOSE_FILE = join(workspaceRoot(), 'docker-compose.yml');

const INSTALL_HINT =
  "docker-compose is not installed. Install Debian's with `sudo apt-get install -y docker-compose` (.ci/run does this in CI), " +
  'so the test fails instead of passing vacuously. It validates the file offline; no Docker engine is needed.';

/** Variables the compose file interpolates (`${NAME}`, `${NAME:-default}`, …), read from its text. */
export function interpolatedVariables(text = readFileSync(COMPOSE_FILE, 'utf8')): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))].sort();
}

/**
 * `docker-compose --profile gpu -f docker-compose.yml config`, with an empty env file (a developer's .env with
 * real keys is not read) and only PATH, HOME and `env` in the environment; throws with how to install
 * docker-compose when it is missing.
 */
export function composeConfig(env: Record<string, string> = {}): ComposeConfigRun {
  const dir = mkdtempSync(join(tmpdir(), 'compose-'));
  try {
    const envFile = join(dir, 'empty.env');
    writeFileSync(envFile, '');
    const run = spawnSync('docker-compose', ['--profile', 'gpu', '--env-file', envFile, '-f', COMPOSE_FILE, 'config'], {
      cwd: workspaceRoot(),
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? dir, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(INSTALL_HINT);
    if (run.error) throw run.error;
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Raw = Record<string, unknown>;

function mount(raw: unknown): ComposeMount {
  if (typeof raw === 'string') {
    // Compose 1.x prints `source:target[:mode]`; host paths are absolute by then, named volumes are bare names.
    const [source, target, mode = 'rw'] = raw.split(':');
    return { type: source.startsWith('/') ? 'bind' : 'volume', source, target, readOnly: mode.split(',').includes('ro') };
  }
  const long = raw as { type: string; source: string; target: string; read_only?: boolean };
  return { type: long.type === 'bind' ? 'bind' : 'volume', source: long.source, target: long.target, readOnly: long.read_only === true };
}

function environment(raw: unknown): Record<string, string> {
  if (Array.isArray(raw))
    return Object.fromEntries(
      raw.map((entry: string) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  return Object.fromEntries(Object.entries((raw ?? {}) as Raw).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
}

function dependsOn(raw: unknown): Record<string, string> {
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((name: string) => [name, 'service_started']));
  return Object.fromEntries(Object.entries((raw ?? {}) as Record<string, { condition?: string }>).map(([k, v]) => [k, v?.condition ?? 'service_started']));
}

function healthcheck(raw: unknown): ComposeService['healthcheck'] {
  if (!raw) return undefined;
  const check = raw as { test?: string[] | string; disable?: boolean };
  if (check.disable || check.test === undefined) return undefined;
  const test = typeof check.test === 'string' ? ['CMD-SHELL', check.test] : check.test;
  if (test[0] === 'NONE') return undefined;
  return { ...(raw as object), test } as ComposeService['healthcheck'];
}

/** The services of `docker-compose config` output (Compose 1.29 or 2.x), in one shape. */
export function parseComposeConfig(stdout: string): Record<string, ComposeService> {
  const project = parseYaml(stdout) as { services?: Record<string, Raw> };
  return Object.fromEntries(
    Object.entries(project.services ?? {}).map(([name, s]) => {
      const build = s['build'] as { context: string; target?: string; dockerfile?: string } | undefined;
      const service: ComposeService = {
        name,
        image: s['image'] as string | undefined,
        build: build && { context: build.context, target: build.target, dockerfile: build.dockerfile },
        environment: environment(s['environment']),
        ports: ((s['ports'] ?? []) as Array<{ published?: number | string; target: number | string }>).map((p) => ({
          published: p.published === undefined ? undefined : Number(p.published),
          target: Number(p.target),
        })),
        volumes: ((s['volumes'] ?? []) as unknown[]).map(mount),
        healthcheck: healthcheck(s['healthcheck']),
        dependsOn: dependsOn(s['depends_on']),
        profiles: (s['profiles'] ?? []) as string[],
        deploy: s['deploy'] as ComposeService['deploy'],
      };
      return [name, service];
    }),
  );
}

/** The compose file as written (YAML anchors and merges resolved, `${…}` left as they are). */
export function rawComposeServices(): Record<string, Raw> {
  const raw = parseYaml(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as { services: Record<string, Raw> };
  return raw.services;
}
