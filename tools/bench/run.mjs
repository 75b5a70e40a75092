#!/usr/bin/env node
// The benchmark harness (`npm run bench` builds the apps, then runs this). On this machine, in order:
//   1. a fake OpenAI-format upstream (harness/fake-upstream.mjs) in a child process;
//   2. each target in turn — direct, raw node:http proxy, Switchyard (private nats-server, router, worker-cloud,
//      metrics, gateway), Portkey — started, measured with the same load generators and settings, stopped;
//   3. the local-inference benchmark (tools/bench/local-inference.mjs), unless --no-local;
// then writes tools/bench/results/latest.json and latest.md and prints the Markdown.
// Figures: 1-connection latency, throughput at 64 connections, time to first token, a 500-chunk stream, and
// concurrent open streams with resident memory; each the median of --reps repetitions (min–max).
//
//   node tools/bench/run.mjs [--quick] [--reps N] [--targets direct,switchyard] [--cpu-prof] [--soak] [--mixed] [--help]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureLatency } from './harness/figure-latency.mjs';
import { measureLongStream, measureTtft } from './harness/figure-streaming.mjs';
import { measureOpenStreams } from './harness/figure-open-streams.mjs';
import { measureMixed } from './harness/figure-mixed.mjs';
import { measureSoak } from './harness/figure-soak.mjs';
import { measureThroughput } from './harness/figure-throughput.mjs';
import { measureBusFloor } from './harness/figure-bus-floor.mjs';
import { measureTransporter } from './harness/figure-transporter.mjs';
import { runLocalInference } from './harness/local-inference-step.mjs';
import { describeCode, describeMachine, openFileLimits } from './harness/machine.mjs';
import { parseOptions, USAGE } from './harness/options.mjs';
import { installCleanup, sleep, stopAll } from './harness/processes.mjs';
import { profileSwitchyard } from './harness/profile-switchyard.mjs';
import { renderMarkdown } from './harness/report.mjs';
import { summariseReps } from './harness/stats.mjs';
import { startListeningChild } from './harness/targets/listening-child.mjs';
import { startDirect } from './harness/targets/direct.mjs';
import { startPortkey } from './harness/targets/portkey.mjs';
import { startRawProxy } from './harness/targets/raw-proxy.mjs';
import { startSwitchyard } from './harness/targets/switchyard.mjs';

const STARTERS = {
  direct: startDirect,
  'raw-proxy': startRawProxy,
  // The main line: as production runs it, with an API key and its limits.
  switchyard: (ctx) => startSwitchyard({ ...ctx, keyed: true }),
  'switchyard-open': startSwitchyard,
  portkey: startPortkey,
};
const MEASURES = {
  latency: measureLatency,
  throughput: measureThroughput,
  ttft: measureTtft,
  'long-stream': measureLongStream,
  'open-streams': measureOpenStreams,
};
const log = (line) => process.stderr.write(`${line}\n`);

/** Every process holds a socket per open stream (the harness, each hop): re-run under a raised limit if needed. */
function ensureOpenFiles(streams) {
  const needed = streams + 1024;
  const { soft, hard } = openFileLimits();
  if (soft >= needed) return { streams };
  if (hard >= needed && !process.env.SWITCHYARD_BENCH_RAISED) {
    log(`open files limit ${soft} < ${needed}: re-running under ulimit -n ${hard}`);
    const quoted = [process.execPath, ...process.argv.slice(1)].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const rerun = spawnSync('sh', ['-c', `ulimit -n ${hard} && exec ${quoted}`], { stdio: 'inherit', env: { ...process.env, SWITCHYARD_BENCH_RAISED: '1' } });
    process.exit(rerun.status ?? 1);
  }
  const capped = Math.max(1, soft - 1024);
  log(`open files limit ${soft}/${hard} is too low for ${streams} streams: holding ${capped} instead`);
  return { streams: capped, note: `open-files limit ${soft}/${hard}: streams capped at ${capped}` };
}

async function measureTarget(name, ctx, results) {
  log(`\n== ${name}: starting`);
  let target;
  try {
    target = await STARTERS[name]({ upstream: ctx.upstream, inspect: ctx.options.mixed && ctx.options.heapProbe });
  } catch (error) {
    log(`   ${name} failed to start: ${error.message.split('\n')[0]}`);
    results.targets.push({ name, title: name, notes: [], processes: [], error: error.message });
    results.failures.push({ target: name, figure: 'start', message: error.message });
    return;
  }
  const { stop, ...described } = target;
  results.targets.push(described);
  try {
    for (const figure of ctx.options.figures) {
      const reps = [];
      try {
        for (let rep = 1; rep <= ctx.settings.reps; rep++) {
          log(`   [${name}] ${figure}: rep ${rep}/${ctx.settings.reps}`);
          const r = await MEASURES[figure](target, ctx.settings, { upstream: ctx.upstream, log });
          log(`     ${brief(r)}`);
          reps.push(r);
          await sleep(500);
        }
        (results.figures[figure] ??= {})[name] = { reps, summary: summariseReps(reps) };
      } catch (error) {
        log(`   [${name}] ${figure} failed: ${error.message.split('\n')[0]}`);
        (results.figures[figure] ??= {})[name] = { reps, error: error.message };
        results.failures.push({ target: name, figure, message: error.message });
      }
    }
    if (ctx.options.soak) {
      const topRps = results.figures.throughput?.[name]?.summary?.rps?.median;
      if (topRps) {
        log(`   [${name}] soak: ${Math.floor(topRps / 2)} req/s for ${ctx.settings.soakSeconds} s`);
        const r = await measureSoak(target, ctx.settings, { topRps, log });
        (results.figures.soak ??= {})[name] = { reps: [r], summary: summariseReps([r]) };
      } else log(`   [${name}] soak skipped: no throughput figure to take half of`);
    }
    if (ctx.options.mixed) {
      log(`   [${name}] mixed: ${ctx.settings.streams} streams and ${ctx.settings.connections} connections of non-streaming load for ${ctx.settings.mixedSeconds} s`);
      try {
        const r = await measureMixed(target, ctx.settings, { log });
        log(`     ${brief(r)}`);
        (results.figures.mixed ??= {})[name] = { reps: [r], summary: summariseReps([r]) };
      } catch (error) {
        log(`   [${name}] mixed failed: ${error.message.split('\n')[0]}`);
        (results.figures.mixed ??= {})[name] = { reps: [], error: error.message };
        results.failures.push({ target: name, figure: 'mixed', message: error.message });
      }
    }
  } finally {
    log(`== ${name}: stopping`);
    await stop();
  }
}

/** A short line of a repetition's numbers, for progress output. */
function brief(r) {
  return Object.entries(r)
    .filter(([k, v]) => typeof v === 'number' && !k.startsWith('rssIdle:'))
    .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(2)}`)
    .join(', ') + (r.firstError ? `; first error: ${r.firstError.slice(0, 160)}` : '');
}

/** `--routing`: the routing scorecard (tools/bench/routing), a run of its own; its other options are its own. */
function runRoutingScorecard(args) {
  const root = join(import.meta.dirname, '..', '..');
  const run = spawnSync(process.execPath, ['-r', '@swc-node/register', join(import.meta.dirname, 'routing', 'scorecard.ts'), ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SWC_NODE_PROJECT: join(root, 'tsconfig.base.json') },
  });
  process.exitCode = run.status ?? 1;
}

async function main() {
  if (process.argv.includes('--routing')) return runRoutingScorecard(process.argv.slice(2).filter((arg) => arg !== '--routing'));
  const options = parseOptions(process.argv.slice(2));
  if (options.help) return void console.log(USAGE);
  const limit = ensureOpenFiles(options.settings.streams);
  const settings = { ...options.settings, streams: limit.streams };
  installCleanup();
  const results = {
    date: new Date().toISOString(),
    quick: options.quick,
    machine: describeMachine(),
    code: describeCode(),
    settings,
    upstreamLatencyMs: options.upstreamLatencyMs,
    figureNames: options.figures,
    targets: [],
    figures: {},
    failures: [],
    notes: limit.note ? [limit.note] : [],
  };
  log(`bench: ${options.targets.join(', ')}; figures ${options.figures.join(', ')}; ${settings.reps} rep(s)${options.quick ? ' (quick)' : ''}`);
  log('starting the fake upstream');
  const fake = await startListeningChild('fake upstream', 'fake-upstream.mjs', ['--latency-ms', String(options.upstreamLatencyMs)]);
  const upstream = { url: fake.url, proc: fake.proc };
  const ctx = { options, settings, upstream };
  try {
    for (const name of options.targets) await measureTarget(name, ctx, results);
    if (options.figures.includes('latency') && options.targets.some((t) => t.startsWith('switchyard'))) {
      log('\n== the bus floor (plain nats.js, three processes)');
      try {
        results.busFloor = await measureBusFloor({ requests: settings.latencyRequests, warmup: settings.latencyWarmup, log });
        log(`   ${brief(results.busFloor)}`);
      } catch (error) {
        results.failures.push({ target: 'bus floor', figure: 'latency', message: error.message });
      }
    }
    if (options.figures.includes('throughput') && options.targets.some((t) => t.startsWith('switchyard'))) {
      log('\n== the NestJS transporter against the bare bus (two processes, 64 in flight)');
      try {
        results.transporter = await measureTransporter({ reps: settings.reps, seconds: Math.max(3, Math.round(settings.throughputSeconds / 2)), log });
        log(`   ${brief(results.transporter.nest)} against ${brief(results.transporter.raw)}`);
      } catch (error) {
        results.failures.push({ target: 'transporter', figure: 'throughput', message: error.message });
      }
    }
    if (options.cpuProf) {
      log('\n== Switchyard under --cpu-prof');
      try {
        results.cpuProfile = await profileSwitchyard({ upstream, settings, log });
      } catch (error) {
        results.cpuProfile = { error: error.message };
        results.failures.push({ target: 'switchyard', figure: 'cpu-prof', message: error.message });
      }
    }
  } finally {
    await fake.proc.stop();
  }
  if (options.local) {
    log(`\n== local inference (tools/bench/local-inference.mjs, ${settings.localRuns} runs)`);
    results.local = await runLocalInference({ runs: settings.localRuns, log });
    if (results.local.error) results.failures.push({ target: 'local inference', figure: 'local', message: results.local.error });
  }
  mkdirSync(options.outDir, { recursive: true });
  const markdown = renderMarkdown(results);
  writeFileSync(join(options.outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(options.outDir, 'latest.md'), `${markdown}\n`);
  log(`\nwrote ${join(options.outDir, 'latest.json')} and latest.md\n`);
  console.log(markdown);
}

try {
  await main();
} finally {
  await stopAll();
}
