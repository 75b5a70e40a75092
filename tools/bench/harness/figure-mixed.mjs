// Figure (only with --mixed): streaming and non-streaming load at the same time. `streams` virtual users each
// keep one `slow-1s` stream open (a content chunk a second, 60 in all; the next one opens when the last ends),
// opened `openConcurrency` at a time, while autocannon sends non-streaming requests over `connections`
// connections, for `mixedSeconds`. Every failure counts (no rate limit is configured). Every process's resident
// memory is read each second; the lowest reading of each `mixedWindowSeconds` window (its floor, just after the
// garbage collector gave memory back) shows growth that single readings hide. The first window is warm-up.
import { setMaxListeners } from 'node:events';
import { autocannonRun } from './load-generator.mjs';
import { rssMiB, sleep } from './processes.mjs';
import { StreamClient } from './stream-client.mjs';

const OPEN_TIMEOUT_MS = 15_000;

/**
 * { seconds, streamUsers, streamsOpenAtRampEnd, rampSeconds, streamsCompleted, streamErrors, firstStreamError?,
 *   requests, rps, requestErrors (non-2xx, errors and timeouts), windows: [{ <role>: floor MiB }],
 *   rssFloorWarm:<role>, rssFloorEnd:<role> }.
 */
export async function measureMixed(target, settings, { log }) {
  const n = settings.streams;
  const client = new StreamClient(target, n);
  const controller = new AbortController();
  setMaxListeners(n + 16, controller.signal);
  const started = performance.now();
  const until = started + settings.mixedSeconds * 1000;
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

  const windows = [];
  let floor = {};
  let windowStart = performance.now();
  const sampler = setInterval(() => {
    for (const p of target.processes) {
      const mib = rssMiB(p.pid);
      if (mib !== undefined) floor[p.role] = Math.min(floor[p.role] ?? Infinity, mib);
    }
    if (performance.now() - windowStart >= settings.mixedWindowSeconds * 1000) {
      windows.push(floor);
      log(`    window ${windows.length}: RSS floor ${Object.entries(floor).map(([r, m]) => `${r} ${m.toFixed(0)}`).join(', ')} MiB; streams completed ${completed}, failed ${errors}`);
      floor = {};
      windowStart = performance.now();
    }
  }, 1_000);

  const nonStreaming = await autocannonRun(target, { connections: settings.connections, duration: settings.mixedSeconds });
  const rampSeconds = await ramp;
  while (performance.now() < until) await sleep(250);
  clearInterval(sampler);
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
    windows,
  };
  const warm = windows[1] ?? windows[0];
  const end = windows.at(-1);
  for (const [role, mib] of Object.entries(warm ?? {})) result[`rssFloorWarm:${role}`] = mib;
  for (const [role, mib] of Object.entries(end ?? {})) result[`rssFloorEnd:${role}`] = mib;
  if (firstStreamError) result.firstStreamError = firstStreamError;
  return result;
}
