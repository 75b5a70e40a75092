// Figure (only with --mixed): streaming and non-streaming load at the same time. `streams` virtual users each
// keep one `slow-1s` stream open (a content chunk a second, 60 in all; the next one opens when the last ends),
// opened `openConcurrency` at a time, while autocannon sends non-streaming requests over `connections`
// connections, for `mixedSeconds`. Every failure counts (no rate limit is configured). Every process's resident
// memory is read each second; the lowest reading of each `mixedWindowSeconds` window (its floor, just after the
// garbage collector gave memory back) shows growth that single readings hide. The same load first runs for
// `mixedWarmupSeconds` (by default one stream's lifetime, so that every user has closed and reopened a stream once):
// its windows are warm-up; growth is the last window's floor against the first measured one's. Failures count over
// the whole run, warm-up included. Processes started with an inspector (`inspectPort`) also have their live heap
// read at the end of each window, after a full collection forced through it: growth of that is what stays reachable.
import { setMaxListeners } from 'node:events';
import { connectHeapProbe } from './heap-probe.mjs';
import { autocannonRun } from './load-generator.mjs';
import { rssMiB, sleep } from './processes.mjs';
import { StreamClient } from './stream-client.mjs';

const OPEN_TIMEOUT_MS = 15_000;

/**
 * { seconds, streamUsers, streamsOpenAtRampEnd, rampSeconds, streamsCompleted, streamErrors, firstStreamError?,
 *   requests, rps, requestErrors (non-2xx, errors and timeouts), warmupSeconds,
 *   windows: [{ warmup: boolean, floors: { <role>: floor MiB } }], rssWarm:<role>, rssEnd:<role>,
 *   rssGrowthPct:<role>, rssMin/Max:<role> (over the measured windows), heapWarm:<role>, heapEnd:<role>,
 *   heapGrowthPct:<role>, heapMin/Max:<role> }.
 */
export async function measureMixed(target, settings, { log }) {
  const n = settings.streams;
  const client = new StreamClient(target, n);
  const controller = new AbortController();
  setMaxListeners(n + 16, controller.signal);
  const started = performance.now();
  const totalSeconds = settings.mixedWarmupSeconds + settings.mixedSeconds;
  const until = started + totalSeconds * 1000;
  let completed = 0;
  let errors = 0;
  let firstStreamError;
  let opened = 0;

  const user = async (ready) => {
    let first = true;
    while (performance.now() < until && !controller.signal.aborted) {
      let signalled = false;
      const timer = first ? setTimeout(() => ((signalled = true), ready()), OPEN_TIMEOUT_MS) : undefined;
      const result = await client.stream('slow-1s', {
        signal: controller.signal,
        onFirst: () => {
          if (first && !signalled) {
            signalled = true;
            opened++;
            clearTimeout(timer);
            ready();
          }
        },
      });
      clearTimeout(timer);
      if (first && !signalled) ready();
      first = false;
      if (result.aborted) return;
      if (result.error) {
        errors++;
        firstStreamError ??= result.error;
      } else completed++;
    }
  };
  const users = [];
  let next = 0;
  const opener = async () => {
    while (next < n) {
      next++;
      await new Promise((ready) => users.push(user(ready)));
    }
  };
  const ramp = Promise.all(Array.from({ length: Math.min(settings.openConcurrency, n) }, opener)).then(() => {
    const rampSeconds = (performance.now() - started) / 1000;
    log(`    ${opened}/${n} streams open after ${rampSeconds.toFixed(1)} s`);
    return rampSeconds;
  });

  const probes = [];
  for (const p of target.processes) if (p.inspectPort) probes.push({ role: p.role, probe: await connectHeapProbe(p.inspectPort) });
  const readHeaps = async () => {
    const heap = {};
    for (const { role, probe } of probes) heap[role] = await probe.liveHeapMiB();
    return heap;
  };
  const heapReads = [];

  const windows = [];
  let floor = {};
  let windowStart = performance.now();
  const sampler = setInterval(() => {
    for (const p of target.processes) {
      const mib = rssMiB(p.pid);
      if (mib !== undefined) floor[p.role] = Math.min(floor[p.role] ?? Infinity, mib);
    }
    if (performance.now() - windowStart >= settings.mixedWindowSeconds * 1000) {
      const warmup = windowStart - started < settings.mixedWarmupSeconds * 1000 - 500;
      const entry = { warmup, floors: floor };
      windows.push(entry);
      const index = windows.length;
      heapReads.push(
        readHeaps().then((heap) => {
          entry.heap = heap;
          const heapLine = Object.entries(heap).map(([r, m]) => `${r} ${m.toFixed(1)}`).join(', ');
          log(`    window ${index}${warmup ? ' (warm-up)' : ''}: RSS floor ${Object.entries(entry.floors).map(([r, m]) => `${r} ${m.toFixed(0)}`).join(', ')} MiB${heapLine ? `; live heap ${heapLine} MiB` : ''}; streams completed ${completed}, failed ${errors}`);
        }),
      );
      floor = {};
      windowStart = performance.now();
    }
  }, 1_000);

  const nonStreaming = await autocannonRun(target, { connections: settings.connections, duration: totalSeconds });
  const rampSeconds = await ramp;
  while (performance.now() < until) await sleep(250);
  clearInterval(sampler);
  await Promise.all(heapReads);
  for (const { probe } of probes) probe.close();
  controller.abort();
  await Promise.all(users);
  await client.close();

  const result = {
    seconds: settings.mixedSeconds,
    streamUsers: n,
    streamsOpenAtRampEnd: opened,
    rampSeconds,
    streamsCompleted: completed,
    streamErrors: errors,
    requests: nonStreaming.ok,
    rps: nonStreaming.rps,
    requestErrors: nonStreaming.non2xx + nonStreaming.errors + nonStreaming.timeouts,
    warmupSeconds: settings.mixedWarmupSeconds,
    windows,
  };
  summarise(result, 'rss', windows, (w) => w?.floors);
  summarise(result, 'heap', windows, (w) => w?.heap);
  if (firstStreamError) result.firstStreamError = firstStreamError;
  return result;
}

/**
 * Adds `<measure>Warm`, `End`, `GrowthPct`, `Min` and `Max` `:<role>` to `result`, from what `pick` reads off each window
 * ({ <role>: MiB }): the first window after warm-up, the last, growth between them, and the extremes after warm-up.
 */
function summarise(result, measure, windows, pick) {
  const measured = windows.filter((w) => !w.warmup);
  const first = pick(measured[0] ?? windows[0]) ?? {};
  const last = pick(windows.at(-1)) ?? {};
  for (const [role, mib] of Object.entries(first)) {
    result[`${measure}Warm:${role}`] = mib;
    const seen = measured.map((w) => pick(w)?.[role]).filter((x) => x !== undefined);
    if (seen.length) {
      result[`${measure}Min:${role}`] = Math.min(...seen);
      result[`${measure}Max:${role}`] = Math.max(...seen);
    }
    if (last[role] === undefined) continue;
    result[`${measure}End:${role}`] = last[role];
    result[`${measure}GrowthPct:${role}`] = ((last[role] - mib) / mib) * 100;
  }
}
