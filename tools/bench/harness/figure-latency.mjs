// Figure: latency of non-streaming requests at 1 connection (sequential), after a warm-up: first the throughput
// figure's warm-up (seconds at its connection count), so that every target's code is compiled by the JIT as it is
// in a server that has been running a while, then sequential requests. (Latency is the first figure measured on a
// freshly started target; with the sequential warm-up alone, Switchyard's p50 was still falling 40 % between runs.)
import { cpuMeter } from './cpu-time.mjs';
import { autocannonRun } from './load-generator.mjs';
import { p50p99 } from './stats.mjs';

/**
 * One repetition: { p50, p99, mean (ms), requests, errors, non2xx, cpuUs:<role> (CPU µs per answered request of
 * each of the target's processes and of the load generator, one request at a time) }.
 */
export async function measureLatency(target, settings) {
  await autocannonRun(target, { connections: settings.connections, duration: settings.warmupSeconds });
  await autocannonRun(target, { connections: 1, amount: settings.latencyWarmup });
  const meter = cpuMeter(target.processes);
  const run = await autocannonRun(target, { connections: 1, amount: settings.latencyRequests });
  const cpu = meter.read();
  const { p50, p99 } = p50p99(run.times);
  const mean = run.times.reduce((a, b) => a + b, 0) / Math.max(1, run.times.length);
  const result = { p50, p99, mean, requests: run.ok, errors: run.errors, non2xx: run.non2xx };
  for (const [role, ms] of Object.entries(cpu)) result[`cpuUs:${role}`] = (ms * 1000) / Math.max(1, run.ok);
  return result;
}
