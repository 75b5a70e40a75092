import { WorkerResourcesSchema } from '@switchyard/contracts';
import { HostResourceSampler, parseMemAvailable, type HostReaders } from './host-resources';

const GiB = 1024 ** 3;

/** A recorded `/proc/meminfo` (trimmed) of a 16 GiB machine with ~11.6 GiB available. */
const MEMINFO = [
  'MemTotal:       16384000 kB',
  'MemFree:         2048000 kB',
  'MemAvailable:   12189696 kB',
  'Buffers:          512000 kB',
  'Cached:          8192000 kB',
  'SwapCached:            0 kB',
].join('\n');

/** A machine whose clock and counters the test moves by hand. */
class FakeMachine implements HostReaders {
  wallMs = 0;
  cpuMicros = { user: 0, system: 0 };
  meminfoText: string | undefined = MEMINFO;
  free = 2 * GiB;

  now = (): number => this.wallMs;
  cpuUsage = (): NodeJS.CpuUsage => ({ ...this.cpuMicros });
  cores = (): number => 8;
  loadAverage1m = (): number => 1.25;
  totalMemory = (): number => 16 * GiB;
  freeMemory = (): number => this.free;
  meminfo = (): string | undefined => this.meminfoText;
  rss = (): number => 300 * 1024 ** 2;

  /** Lets `ms` of wall time pass while the process uses `userMs` + `systemMs` of CPU. */
  advance(ms: number, userMs: number, systemMs = 0): void {
    this.wallMs += ms;
    this.cpuMicros = { user: this.cpuMicros.user + userMs * 1_000, system: this.cpuMicros.system + systemMs * 1_000 };
  }
}

describe('HostResourceSampler', () => {
  let machine: FakeMachine;
  let sampler: HostResourceSampler;

  beforeEach(() => {
    machine = new FakeMachine();
    sampler = new HostResourceSampler(machine);
  });

  it('reports cores, load, total memory, MemAvailable and RSS', () => {
    machine.advance(1_000, 100);
    expect(sampler.sample()).toEqual({
      cpu: { cores: 8, loadAverage1m: 1.25, processUtilisation: 0.1 },
      memory: { totalBytes: 16 * GiB, availableBytes: 12_189_696 * 1024, processRssBytes: 300 * 1024 ** 2 },
    });
  });

  it.each<[string, Array<[number, number, number]>, number]>([
    ['the first sample: since process start', [[2_000, 500, 500]], 0.5],
    ['between samples, not since start', [[1_000, 1_000, 0], [4_000, 400, 0]], 0.1],
    ['user and system time together', [[1_000, 0, 0], [1_000, 300, 200]], 0.5],
    ['above 1 when threads use several cores', [[1_000, 0, 0], [1_000, 2_500, 500]], 3],
    ['an idle process', [[1_000, 0, 0], [1_000, 0, 0]], 0],
  ])('measures process CPU utilisation: %s', (_name, steps, expected) => {
    let utilisation = NaN;
    for (const [ms, userMs, systemMs] of steps) {
      machine.advance(ms, userMs, systemMs);
      utilisation = sampler.sample().cpu.processUtilisation;
    }
    expect(utilisation).toBeCloseTo(expected, 10);
  });

  it('keeps the previous utilisation when sampled twice at the same instant', () => {
    machine.advance(1_000, 250);
    sampler.sample();
    expect(sampler.sample().cpu.processUtilisation).toBeCloseTo(0.25, 10);
  });

  it.each<[string, string | undefined]>([
    ['there is no /proc/meminfo', undefined],
    ['the kernel has no MemAvailable line', 'MemTotal:       16384000 kB\nMemFree:         2048000 kB\n'],
  ])('falls back to free memory when %s', (_name, meminfo) => {
    machine.meminfoText = meminfo;
    expect(sampler.sample().memory.availableBytes).toBe(2 * GiB);
  });

  it('never reports more available than total memory', () => {
    machine.meminfoText = undefined;
    machine.free = 32 * GiB;
    expect(sampler.sample().memory.availableBytes).toBe(16 * GiB);
  });

  it('reads this machine plausibly', () => {
    const real = new HostResourceSampler();
    let spin = 0;
    for (let i = 0; i < 2_000_000; i++) spin += i % 7;
    const { cpu, memory } = real.sample();
    expect(WorkerResourcesSchema.parse({ cpu, memory })).toEqual({ cpu, memory });
    expect(spin).toBeGreaterThan(0);
    expect(cpu.cores).toBeGreaterThanOrEqual(1);
    expect(cpu.processUtilisation).toBeGreaterThan(0);
    expect(memory.processRssBytes).toBeGreaterThan(0);
    expect(memory.totalBytes).toBeGreaterThan(0);
    expect(memory.availableBytes).toBeGreaterThan(0);
    expect(memory.availableBytes).toBeLessThanOrEqual(memory.totalBytes);
    expect(memory.processRssBytes).toBeLessThan(memory.totalBytes);
  });
});

describe('parseMemAvailable', () => {
  it('reads MemAvailable in bytes', () => {
    expect(parseMemAvailable(MEMINFO)).toBe(12_189_696 * 1024);
  });

  it('is undefined without the line', () => {
    expect(parseMemAvailable('MemTotal: 1 kB\n')).toBeUndefined();
  });
});
