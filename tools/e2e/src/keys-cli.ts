import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { workspaceRoot } from '@switchyard/testing';
import { registerSecret } from './run-log';

/** What one run of the keys CLI printed, and how it exited. */
export interface KeysCliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run keys -- <args>` as its own process (through the same runner the npm script uses). */
export function runKeysCli(args: string[], env: Record<string, string>): Promise<KeysCliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(workspaceRoot(), 'tools', 'keys', 'run.cjs'), ...args], {
      cwd: workspaceRoot(),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Creates a key with the CLI and returns it (the one line the CLI prints on stdout). */
export async function createKeyWithCli(args: string[], env: Record<string, string>): Promise<string> {
  const run = await runKeysCli(['create', ...args], env);
  const key = run.stdout.trim();
  if (run.code !== 0 || !/^sk-sy-[0-9A-Za-z]{48}$/.test(key)) throw new Error(`keys create failed (${run.code}): ${run.stderr}`);
  registerSecret(key);
  return key;
}
