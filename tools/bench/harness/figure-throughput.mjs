// Figure: throughput of non-streaming requests at many connections (64 by default) for a fixed time, after a
// warm-up at the same load.
import { cpuMeter } from './cpu-time.mjs';
import { autocannonRun } from './load-generator.mjs';
import { p50p99 } from './stats.mjs';

/**
 * One repetition: { rps, p50, p99 (ms), requests, errors, timeouts, non2xx, cpuUs:<role> (CPU µs per answered
 * request of each of the target's processes and of the load generator) }.
 */
export async function measureThroughput(target, settings) {
  const connections = settings.connections;
  await autocannonRun(target, { connections, duration: settings.warmupSeconds });
  const meter = cpuMeter(target.processes);
  const run = await autocannonRun(target, { connections, duration: settings.throughputSeconds });
  const cpu = meter.read();
  const { p50, p99 } = p50p99(run.times);
  const result = { rps: run.rps, p50, p99, requests: run.ok, errors: run.errors, timeouts: run.timeouts, non2xx: run.non2xx };
  for (const [role, ms] of Object.entries(cpu)) result[`cpuUs:${role}`] = (ms * 1000) / Math.max(1, run.ok);
  return result;
}
