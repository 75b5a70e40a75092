import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the end-to-end run keeps every service's output and every secret the suites configured, so
 * that the global teardown (`secrets-teardown.cjs`) can grep all of it once the run is over. One folder
 * per run (`E2E_RUN_DIR`, set by the global setup), removed by the teardown when nothing leaked.
 */
export function runDir(): string | undefined {
  return process.env['E2E_RUN_DIR'];
}

/** Environment variables whose values are secrets (provider keys, tokens, passwords) by their names. */
const SECRET_NAME = /(KEY|TOKEN|PASSWORD|SECRET)$/;

/** Records `value` as a secret that no log line of the run may contain (ignored outside a run, or when too short to mean anything). */
export function registerSecret(value: string): void {
  const dir = runDir();
  if (dir === undefined || value.length < 12) return;
  appendFileSync(join(dir, 'secrets.txt'), `${JSON.stringify(value)}\n`);
}

/** Registers the values of `env` whose names say they are secrets. */
export function registerSecretsOf(env: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(env)) if (SECRET_NAME.test(name)) registerSecret(value);
}

/** Appends what a service wrote to the run's log folder, one file per process. */
export function keepServiceOutput(label: string, pid: number | undefined, output: readonly string[]): void {
  const dir = runDir();
  if (dir === undefined) return;
  mkdirSync(join(dir, 'logs'), { recursive: true });
  appendFileSync(join(dir, 'logs', `${label.replace(/[^A-Za-z0-9_.-]/g, '_')}-${pid ?? 'nopid'}.log`), output.join(''));
}

/**
 * Keeps `text` (an error a test's client received: a body, an SSE event, a WebSocket message, a raw response) in the
 * run's `bodies` folder, which the teardown searches for secrets too. One file per test process; a no-op outside a run.
 */
export function keepErrorText(text: string): void {
  const dir = runDir();
  if (dir === undefined || text === '') return;
  const folder = join(dir, 'bodies');
  mkdirSync(folder, { recursive: true });
  appendFileSync(join(folder, `${process.pid}.txt`), `${text}\n`);
}
