import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Healthcheck } from './dockerfile-stages';

/** How a HEALTHCHECK command ended when run here, and the URLs it fetched (recorded by the stub only). */
export interface HealthcheckRun {
  /** Exit status: 0 is healthy, for Docker. */
  status: number | null;
  /** With the stub, every URL passed to fetch. */
  fetched: string[];
  output: string;
}

const FETCHED = 'HEALTHCHECK-FETCH ';

/** Replaces fetch with one answering HEALTHCHECK_STUB_STATUS, after printing the URL asked for. */
const STUB = `globalThis.fetch = async (input) => {
  process.stderr.write(${JSON.stringify(FETCHED)} + String(input) + '\\n');
  return new Response(null, { status: Number(process.env.HEALTHCHECK_STUB_STATUS) });
};
`;

/**
 * Runs an image's `node -e …` health check with this machine's node (the images run Node 20 too), in exactly
 * `env` (the image's environment plus whatever the test adds; nothing from this shell but PATH). With
 * `stubStatus`, fetch is replaced by a stub that records the URL and answers that status, so the default
 * port can be checked without binding it.
 */
export async function runHealthcheck(check: Healthcheck, env: Record<string, string>, stubStatus?: number): Promise<HealthcheckRun> {
  const [program, ...args] = check.command;
  if (program !== 'node') throw new Error(`the health check runs ${program}, not node: ${check.command.join(' ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'healthcheck-'));
  try {
    const childEnv: Record<string, string> = { PATH: process.env['PATH'] ?? '', ...env };
    if (stubStatus !== undefined) {
      const stub = join(dir, 'fetch-stub.cjs');
      writeFileSync(stub, STUB);
      childEnv['NODE_OPTIONS'] = `--require ${stub}`;
      childEnv['HEALTHCHECK_STUB_STATUS'] = String(stubStatus);
    }
    return await new Promise<HealthcheckRun>((resolve) => {
      execFile(process.execPath, args, { env: childEnv, timeout: 10_000, encoding: 'utf8' }, (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const fetched = stderr
          .split('\n')
          .filter((line) => line.startsWith(FETCHED))
          .map((line) => line.slice(FETCHED.length));
        resolve({ status, fetched, output: `${stdout}${stderr}` });
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
