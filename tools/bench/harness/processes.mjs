// Child processes of one benchmark run: started with a run marker in their environment, tracked, and all
// stopped at the end, on Ctrl-C, on SIGTERM and on an uncaught error. A last sweep finds any process that
// still carries this run's marker (grandchildren of a step such as local-inference.mjs) and stops it too.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';

/** Set in every child's environment; no `__`, so the apps' config loader ignores it. */
export const RUN_MARKER = 'SWITCHYARD_BENCH_RUN';
export const runId = `${process.pid}-${Date.now()}`;

const children = new Set();
const tempDirs = new Set();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A port nothing listens on right now, on 127.0.0.1. */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** The environment of this process without Switchyard settings or NODE_ENV, plus `extra` and the run marker. */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('SWITCHYARD_') || key === 'NODE_ENV' || key === 'NATS_URL' || key === 'LOG_LEVEL') continue;
    env[key] = value;
  }
  return { ...env, ...extra, [RUN_MARKER]: runId };
}

/**
 * Starts `command` and tracks it. Output is kept (the last 200 chunks) for error messages; `onLine` sees
 * stdout line by line. Returns { name, child, pid, output(), exited, stop() }.
 */
export function startProcess(name, command, args, { env = cleanEnv(), cwd, onLine } = {}) {
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const kept = [];
  const keep = (b) => {
    kept.push(b.toString());
    if (kept.length > 200) kept.shift();
  };
  let partial = '';
  child.stdout.on('data', (b) => {
    keep(b);
    if (!onLine) return;
    partial += b.toString();
    const lines = partial.split('\n');
    partial = lines.pop();
    for (const line of lines) onLine(line);
  });
  child.stderr.on('data', keep);
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  child.once('error', (error) => kept.push(`spawn error: ${error.message}\n`));
  const proc = {
    name,
    child,
    pid: child.pid,
    output: () => kept.join(''),
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: (graceMs = 10_000) => stopOne(proc, graceMs),
  };
  children.add(proc);
  exited.then(() => children.delete(proc));
  return proc;
}

async function stopOne(proc, graceMs) {
  if (!proc.alive()) return proc.exited;
  proc.child.kill('SIGCONT');
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.alive() && proc.child.kill('SIGKILL'), graceMs);
  const result = await proc.exited;
  clearTimeout(timer);
  return result;
}

/** A temporary folder to delete in `stopAll` (or earlier with `removeTempDir`). */
export function keepTempDir(dir) {
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Stops every tracked child (SIGTERM, SIGKILL after the grace), sweeps for marked leftovers, deletes temp folders. */
export async function stopAll(graceMs = 10_000) {
  await Promise.all([...children].map((p) => stopOne(p, graceMs)));
  await sweepMarked(graceMs);
  for (const dir of [...tempDirs]) removeTempDir(dir);
}

/** Pids of live processes whose environment carries this run's marker (other than this process). */
export function markedPids() {
  const wanted = `${RUN_MARKER}=${runId}`;
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (environ.split('\0').includes(wanted)) pids.push(Number(entry));
    } catch {
      // gone, or not ours
    }
  }
  return pids;
}

async function sweepMarked(graceMs) {
  let pids = markedPids();
  if (pids.length === 0) return;
  for (const pid of pids) signal(pid, 'SIGTERM');
  for (let waited = 0; waited < graceMs && pids.length > 0; waited += 100) {
    await sleep(100);
    pids = pids.filter(isAlive);
  }
  for (const pid of pids) signal(pid, 'SIGKILL');
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function isAlive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** Resident memory of a process in MiB (VmRSS of /proc/<pid>/status), or undefined when it is gone. */
export function rssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Polls `check` (an async predicate; throwing counts as false) every `everyMs` until true, or fails after `timeoutMs`. */
export async function waitUntil(what, check, { timeoutMs = 30_000, everyMs = 100, proc } = {}) {
  for (let waited = 0; waited < timeoutMs; waited += everyMs) {
    if (proc && !proc.alive()) throw new Error(`${proc.name} exited while waiting for ${what}:\n${proc.output()}`);
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${proc ? `; ${proc.name} output:\n${proc.output()}` : ''}`);
}

/** GET `url` answers 2xx within a second. */
export async function answersOk(url, headers = {}) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(1000) });
  await res.arrayBuffer();
  return res.ok;
}

let installed = false;
/** Stops every child when this process is interrupted, terminated or fails. */
export function installCleanup() {
  if (installed) return;
  installed = true;
  const bail = (code, why) => {
    if (why) process.stderr.write(`\n${why}\nstopping every process this run started…\n`);
    stopAll(3_000).finally(() => process.exit(code));
  };
  process.once('SIGINT', () => bail(130, 'interrupted'));
  process.once('SIGTERM', () => bail(143, 'terminated'));
  process.once('uncaughtException', (error) => bail(1, error.stack ?? String(error)));
  process.once('unhandledRejection', (error) => bail(1, error?.stack ?? String(error)));
  // Last resort if something calls process.exit() directly.
  process.once('exit', () => {
    for (const proc of children) if (proc.alive()) proc.child.kill('SIGKILL');
  });
}

export { sleep };
