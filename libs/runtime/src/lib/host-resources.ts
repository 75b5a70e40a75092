import { readFileSync } from 'node:fs';
import { availableParallelism, freemem, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { WorkerResources } from '@switchyard/contracts';

/** CPU and memory of the host, as heartbeats report them; GPUs are the inference engine's to add. */
export type HostResources = Pick<WorkerResources, 'cpu' | 'memory'>;

/** Where the sampler reads the machine; tests pass fakes. */
export interface HostReaders {
  /** Monotonic wall clock in ms, 0 at process start (`performance.now()`). */
  now(): number;
  /** CPU time this process has used since it started, in µs. */
  cpuUsage(): NodeJS.CpuUsage;
  /** Logical cores this process may use. */
  cores(): number;
  /** One-minute load average. */
  loadAverage1m(): number;
  totalMemory(): number;
  /** Free memory as the OS reports it (excludes reclaimable caches on Linux). */
  freeMemory(): number;
  /** Text of `/proc/meminfo`; undefined where there is none. */
  meminfo(): string | undefined;
  /** Resident set size of this process, in bytes. */
  rss(): number;
}

/** Reads `/proc/meminfo` on Linux (a small in-kernel file, no disk access); undefined elsewhere or when unreadable. */
function readMeminfo(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return readFileSync('/proc/meminfo', 'latin1');
  } catch {
    return undefined;
  }
}

/** The real machine. */
export const NODE_HOST_READERS: HostReaders = {
  now: () => performance.now(),
  cpuUsage: () => process.cpuUsage(),
  cores: () => availableParallelism(),
  loadAverage1m: () => loadavg()[0] ?? 0,
  totalMemory: () => totalmem(),
  freeMemory: () => freemem(),
  meminfo: readMeminfo,
  rss: () => process.memoryUsage.rss(),
};

/** `MemAvailable` from `/proc/meminfo` text, in bytes; undefined when absent (kernels before 3.14). */
export function parseMemAvailable(meminfo: string): number | undefined {
  const match = /^MemAvailable:\s+(\d+)\s*kB$/m.exec(meminfo);
  return match ? Number(match[1]) * 1024 : undefined;
}

/**
 * Samples the host's CPU and memory for heartbeats. Process CPU utilisation is the CPU time used
 * between two samples over the wall time between them (the first sample: since process start).
 */
export class HostResourceSampler {
  private lastWallMs = 0;
  private lastCpuMicros = 0;
  private lastUtilisation = 0;

  constructor(private readonly readers: HostReaders = NODE_HOST_READERS) {}

  /** CPU and memory as of now. */
  sample(): HostResources {
    const { readers } = this;
    const totalBytes = readers.totalMemory();
    const meminfo = readers.meminfo();
    const available = (meminfo === undefined ? undefined : parseMemAvailable(meminfo)) ?? readers.freeMemory();
    return {
      cpu: {
        cores: Math.max(1, readers.cores()),
        loadAverage1m: Math.max(0, readers.loadAverage1m()),
        processUtilisation: this.processUtilisation(),
      },
      memory: { totalBytes, availableBytes: Math.min(available, totalBytes), processRssBytes: readers.rss() },
    };
  }

  /** Share of one core used since the previous sample; the previous value when no time has passed. */
  private processUtilisation(): number {
    const wallMs = this.readers.now();
    const { user, system } = this.readers.cpuUsage();
    const cpuMicros = user + system;
    const elapsedMs = wallMs - this.lastWallMs;
    if (elapsedMs > 0) {
      this.lastUtilisation = Math.max(0, (cpuMicros - this.lastCpuMicros) / 1_000 / elapsedMs);
      this.lastWallMs = wallMs;
      this.lastCpuMicros = cpuMicros;
    }
    return this.lastUtilisation;
  }
}
