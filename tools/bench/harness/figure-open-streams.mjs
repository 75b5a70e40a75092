// Figure: concurrent open streams held. Opens N streams of `slow-1s` (one content chunk a second, 60 in all),
// at most `openConcurrency` of them waiting for their first chunk at a time; holds them `holdSeconds`, reading
// every process's resident memory each second; counts the streams that failed to open or broke; then cancels
// them all and checks that the fake upstream sees its streams close too.
import { setMaxListeners } from 'node:events';
import { StreamClient } from './stream-client.mjs';
import { rssMiB, sleep } from './processes.mjs';

const OPEN_TIMEOUT_MS = 15_000;
const RAMP_LIMIT_MS = 30_000;
const DRAIN_LIMIT_MS = 15_000;
/** A target that does not cancel upstream: wait this long at most for its streams to end on their own (60 s). */
const SETTLE_LIMIT_MS = 75_000;

let repetition = 0;

async function upstreamOpenStreams(upstreamUrl, tag) {
  const res = await fetch(`${upstreamUrl}/stats?tag=${tag}`, { signal: AbortSignal.timeout(2000) });
  return (await res.json()).openStreams;
}

function readRss(processes) {
  return Object.fromEntries(processes.map((p) => [p.role, rssMiB(p.pid)]));
}

/**
 * One repetition: { held, failedToOpen, brokeWhileHeld, rampSeconds, upstreamOpenWhileHeld, rssIdle:<role>, rssHeld:<role> (MiB,
 * the highest reading while holding), kibPerStream (main process), upstreamLeftOpen, drainSeconds, firstError? }.
 */
export async function measureOpenStreams(target, settings, { upstream, log }) {
  const n = settings.streams;
  const client = new StreamClient(target, n);
  const controller = new AbortController();
  setMaxListeners(n + 16, controller.signal); // one abort listener per stream
  const tag = `open-${process.pid}-${++repetition}`;
  const rssIdle = readRss(target.processes);
  const ended = new Array(n);
  const firstSeen = new Array(n).fill(false);
  const settled = [];
  let next = 0;
  const rampStarted = performance.now();
  const openOne = (i) =>
    new Promise((opened) => {
      const timer = setTimeout(opened, OPEN_TIMEOUT_MS);
      const done = client.stream('slow-1s', {
        signal: controller.signal,
        tag,
        onFirst: () => {
          firstSeen[i] = true;
          clearTimeout(timer);
          opened();
        },
      });
      settled.push(
        done.then((result) => {
          ended[i] = result;
          clearTimeout(timer);
          opened();
        }),
      );
    });
  const opener = async () => {
    while (next < n && performance.now() - rampStarted < RAMP_LIMIT_MS) await openOne(next++);
  };
  await Promise.all(Array.from({ length: Math.min(settings.openConcurrency, n) }, opener));
  const rampSeconds = (performance.now() - rampStarted) / 1000;
  const openCount = firstSeen.filter(Boolean).length;
  log(`    ${openCount}/${n} streams open after ${rampSeconds.toFixed(1)} s; holding ${settings.holdSeconds} s`);

  const rssHeld = {};
  for (let s = 0; s < settings.holdSeconds; s++) {
    await sleep(1000);
    for (const [role, mib] of Object.entries(readRss(target.processes))) if (mib !== undefined) rssHeld[role] = Math.max(rssHeld[role] ?? 0, mib);
  }
  const upstreamOpenWhileHeld = await upstreamOpenStreams(upstream.url, tag);
  const held = firstSeen.filter((seen, i) => seen && ended[i] === undefined).length;
  const brokeWhileHeld = firstSeen.filter((seen, i) => seen && ended[i] !== undefined).length;
  const failedToOpen = n - firstSeen.filter(Boolean).length;
  const firstError = ended.find((r) => r?.error)?.error;

  controller.abort();
  await Promise.all(settled);
  await client.close();
  const drainStarted = performance.now();
  let upstreamLeftOpen = await upstreamOpenStreams(upstream.url, tag);
  while (upstreamLeftOpen > 0 && performance.now() - drainStarted < DRAIN_LIMIT_MS) {
    await sleep(250);
    upstreamLeftOpen = await upstreamOpenStreams(upstream.url, tag);
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  if (upstreamLeftOpen > 0) {
    // Let them end upstream before the next repetition, so it does not start with these still open.
    log(`    ${upstreamLeftOpen} upstream streams still open ${drainSeconds.toFixed(0)} s after cancelling; waiting for them to end`);
    let open = upstreamLeftOpen;
    while (open > 0 && performance.now() - drainStarted < SETTLE_LIMIT_MS) {
      await sleep(1000);
      open = await upstreamOpenStreams(upstream.url, tag);
    }
  }

  const main = target.processes.find((p) => p.pid === target.mainPid).role;
  const result = { held, failedToOpen, brokeWhileHeld, rampSeconds, upstreamOpenWhileHeld, upstreamLeftOpen, drainSeconds };
  for (const [role, mib] of Object.entries(rssIdle)) if (mib !== undefined) result[`rssIdle:${role}`] = mib;
  for (const [role, mib] of Object.entries(rssHeld)) result[`rssHeld:${role}`] = mib;
  if (held > 0 && rssHeld[main] !== undefined) result.kibPerStream = ((rssHeld[main] - rssIdle[main]) * 1024) / held;
  if (firstError) result.firstError = firstError;
  return result;
}
