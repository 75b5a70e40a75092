import { spawnSync } from 'node:child_process';

/** What one `promtool` run printed and how it ended. */
export interface PromtoolResult {
  status: number | null;
  output: string;
}

const INSTALL_HINT =
  'promtool (from Prometheus) is not installed. Install it with `sudo apt-get install -y prometheus` on Debian/Ubuntu ' +
  '(.ci/run does this in CI), or put promtool from https://prometheus.io/download/ on the PATH.';

/** Runs `promtool` with `args`; throws with how to install it when it is missing, so the test fails instead of passing vacuously. */
export function promtool(...args: string[]): PromtoolResult {
  const run = spawnSync('promtool', args, { encoding: 'utf8', timeout: 30_000 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(INSTALL_HINT);
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
