// Figure: latency of non-streaming requests at 1 connection (sequential), after a warm-up.
import { autocannonRun } from './load-generator.mjs';
import { p50p99 } from './stats.mjs';

/** One repetition: { p50, p99, mean (ms), requests, errors, non2xx }. */
export async function measureLatency(target, settings) {
  await autocannonRun(target, { connections: 1, amount: settings.latencyWarmup });
  const run = await autocannonRun(target, { connections: 1, amount: settings.latencyRequests });
  const { p50, p99 } = p50p99(run.times);
  const mean = run.times.reduce((a, b) => a + b, 0) / Math.max(1, run.times.length);
  return { p50, p99, mean, requests: run.ok, errors: run.errors, non2xx: run.non2xx };
}
