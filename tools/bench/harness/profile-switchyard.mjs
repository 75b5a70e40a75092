// --cpu-prof: a separate Switchyard stack whose gateway, router and worker-cloud run under `node --cpu-prof`
// (profiles written to a folder under /tmp when they exit), loaded with one throughput run; then the self time
// of each process inside that run's window, by function and by package.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summariseProfile } from './cpu-profile.mjs';
import { autocannonRun } from './load-generator.mjs';
import { startSwitchyard } from './targets/switchyard.mjs';

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

export async function profileSwitchyard({ upstream, settings, log }) {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-cpuprof-'));
  log(`  starting Switchyard under node --cpu-prof (profiles in ${dir})`);
  const target = await startSwitchyard({ upstream, cpuProfDir: dir, keyed: true });
  let window;
  let rps;
  try {
    const { connections, warmupSeconds, throughputSeconds } = settings;
    await autocannonRun(target, { connections, duration: warmupSeconds });
    log(`  profiled throughput run: ${connections} connections, ${throughputSeconds} s`);
    const startUs = nowUs(); // only the measured seconds count, not start-up or warm-up
    rps = (await autocannonRun(target, { connections, duration: throughputSeconds })).rps;
    window = { startUs, endUs: nowUs() };
  } finally {
    await target.stop();
  }
  const processes = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .map((file) => ({ app: file.split('.')[0], file: join(dir, file), summary: summariseProfile(join(dir, file), 20, window) }));
  if (processes.length === 0) throw new Error(`no .cpuprofile was written in ${dir}`);
  return { dir, rps, processes };
}
