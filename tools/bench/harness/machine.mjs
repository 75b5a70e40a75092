// A description of the machine a run measured on.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';

function natsServerVersion() {
  try {
    return execFileSync('nats-server', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'nats-server not found';
  }
}

/** Soft and hard limits on open files of this process. */
export function openFileLimits() {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const [soft, hard] = line.replace('Max open files', '').trim().split(/\s+/);
  return { soft: Number(soft) || Infinity, hard: Number(hard) || Infinity };
}

function portkeyVersion() {
  try {
    return JSON.parse(readFileSync(new URL('../../../node_modules/@portkey-ai/gateway/package.json', import.meta.url), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

/** The commit the apps were built from, and whether apps/ or libs/ had uncommitted changes. */
export function describeCode() {
  const root = new URL('../../..', import.meta.url).pathname;
  const git = (...args) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).trim();
  try {
    const dirty = git('status', '--porcelain', '--', 'apps', 'libs').split('\n').filter(Boolean).length;
    return { commit: git('rev-parse', '--short', 'HEAD'), uncommittedAppFiles: dirty };
  } catch {
    return { commit: 'unknown', uncommittedAppFiles: 0 };
  }
}

export function describeMachine() {
  const cores = cpus();
  return {
    cores: cores.length,
    cpu: cores[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    natsServer: natsServerVersion(),
    portkey: portkeyVersion(),
    openFiles: openFileLimits(),
  };
}
