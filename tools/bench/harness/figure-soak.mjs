// Figure (only with --soak): half the measured top rate, held for a long time (5 minutes by default) in windows
// of `soakWindowSeconds`; p99 and the main process's resident memory in the first and the last window. RSS is read at
// the end of each window and also every second during it: the lowest reading of a window (its floor, just after the
// garbage collector gave memory back) shows growth that the saw-tooth of single readings hides.
import { autocannonRun } from './load-generator.mjs';
import { rssMiB } from './processes.mjs';
import { p50p99 } from './stats.mjs';

/** { rate, windows, startP99, endP99, startRss, endRss, startRssFloor, endRssFloor (MiB), requests, errors, non2xx }. */
export async function measureSoak(target, settings, { topRps, log }) {
  const rate = Math.max(1, Math.floor(topRps / 2));
  const windows = Math.max(1, Math.round(settings.soakSeconds / settings.soakWindowSeconds));
  const seen = [];
  let requests = 0;
  let errors = 0;
  let non2xx = 0;
  for (let w = 0; w < windows; w++) {
    let floor = Number.POSITIVE_INFINITY;
    const sampler = setInterval(() => (floor = Math.min(floor, rssMiB(target.mainPid) ?? floor)), 1_000);
    const run = await autocannonRun(target, { connections: settings.connections, duration: settings.soakWindowSeconds, overallRate: rate }).finally(() =>
      clearInterval(sampler),
    );
    requests += run.ok;
    errors += run.errors;
    non2xx += run.non2xx;
    const rss = rssMiB(target.mainPid);
    seen.push({ p99: p50p99(run.times).p99, rss, floor: Math.min(floor, rss ?? floor), rps: run.rps });
    log(`    soak window ${w + 1}/${windows}: ${run.rps.toFixed(0)} req/s, p99 ${seen.at(-1).p99?.toFixed(2)} ms, RSS ${rss?.toFixed(1)} MiB (floor ${seen.at(-1).floor.toFixed(1)})`);
  }
  return { rate, windows, startP99: seen[0].p99, endP99: seen.at(-1).p99, startRss: seen[0].rss, endRss: seen.at(-1).rss, startRssFloor: seen[0].floor, endRssFloor: seen.at(-1).floor, requests, errors, non2xx };
}
