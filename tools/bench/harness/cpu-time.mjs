// CPU time (user + system) of processes from /proc/<pid>/stat, to tell which process a figure's work lands on.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond;
function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU milliseconds a process has used so far, or undefined when it is gone. */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return undefined;
  }
}

/** Starts counting CPU of `processes` ({ role, pid }) and of this process (the load generator). */
export function cpuMeter(processes) {
  const start = Object.fromEntries(processes.map((p) => [p.role, cpuMs(p.pid)]));
  const self = process.cpuUsage();
  return {
    /** { <role>: CPU ms used since the start, …, 'load generator': … } */
    read() {
      const used = {};
      for (const p of processes) {
        const now = cpuMs(p.pid);
        if (now !== undefined && start[p.role] !== undefined) used[p.role] = now - start[p.role];
      }
      const mine = process.cpuUsage(self);
      used['load generator'] = (mine.user + mine.system) / 1000;
      return used;
    },
  };
}
