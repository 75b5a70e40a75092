// Command-line options of tools/bench/run.mjs, with the defaults of a full run and of --quick.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const TARGETS = ['direct', 'raw-proxy', 'switchyard', 'switchyard-open', 'portkey'];
export const FIGURES = ['latency', 'throughput', 'ttft', 'long-stream', 'open-streams'];

const FULL = {
  reps: 3,
  latencyWarmup: 300,
  latencyRequests: 3000,
  connections: 64,
  warmupSeconds: 2,
  throughputSeconds: 10,
  streamWarmup: 50,
  ttftStreams: 1000,
  longStreams: 30,
  streams: 2000,
  openConcurrency: 64,
  holdSeconds: 10,
  soakSeconds: 300,
  soakWindowSeconds: 30,
  mixedSeconds: 120,
  mixedWarmupSeconds: 60,
  mixedWindowSeconds: 20,
  localRuns: 40,
};
const QUICK = {
  reps: 1,
  latencyWarmup: 50,
  latencyRequests: 300,
  warmupSeconds: 1,
  throughputSeconds: 3,
  streamWarmup: 10,
  ttftStreams: 100,
  longStreams: 5,
  streams: 200,
  holdSeconds: 3,
  soakSeconds: 30,
  soakWindowSeconds: 10,
  mixedSeconds: 30,
  mixedWarmupSeconds: 10,
  mixedWindowSeconds: 10,
  localRuns: 3,
};

export const USAGE = `node tools/bench/run.mjs [options]

  --quick                 short smoke run: ${QUICK.latencyRequests} sequential requests, ${QUICK.throughputSeconds} s at 64 connections, ${QUICK.streams} streams, 1 rep
  --reps N                repetitions of every figure (median, min, max; default ${FULL.reps})
  --targets a,b           subset of ${TARGETS.join(',')} (in that order)
  --figures a,b           subset of ${FIGURES.join(',')}, or none (with --soak or --mixed: only those)
  --requests N            sequential requests of the 1-connection latency figure (default ${FULL.latencyRequests})
  --connections N         connections of the throughput figure (default ${FULL.connections})
  --seconds N             seconds of the throughput figure (default ${FULL.throughputSeconds}, after ${FULL.warmupSeconds} s of warm-up)
  --streams N             concurrent streams held open (default ${FULL.streams})
  --hold-seconds N        how long they are held (default ${FULL.holdSeconds})
  --upstream-latency-ms N fixed latency of the fake upstream's non-streaming answers (default 0)
  --routing               the routing scorecard instead (tools/bench/routing): faults against auto, with its own
                          --requests N (per series, default 12) and --out FILE
  --soak                  also hold half the top rate for ${FULL.soakSeconds / 60} minutes per target (off by default)
  --soak-seconds N        length of the soak
  --mixed                 also run ${FULL.streams} streams and ${FULL.connections}-connection non-streaming load together for ${FULL.mixedSeconds} s per target (off by default)
  --mixed-seconds N       length of the mixed run after its warm-up
  --mixed-warmup-seconds N the same load before it, not counted in memory growth (default ${FULL.mixedWarmupSeconds}: one stream's lifetime)
  --no-heap-probe         with --mixed, do not read the services' live heaps (no inspector, no forced collections)
  --cpu-prof              afterwards, profile Switchyard (node --cpu-prof) during one throughput run; profiles in /tmp
  --no-local              skip the local-inference benchmark (tools/bench/local-inference.mjs)
  --out DIR               where latest.json and latest.md go (default tools/bench/results)
  --help`;

const int = (value, name) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} wants a whole number, got ${value}`);
  return n;
};

const list = (value, known, name) => {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = items.filter((s) => !known.includes(s));
  if (unknown.length) throw new Error(`--${name}: unknown ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return known.filter((k) => items.includes(k));
};

export function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      reps: { type: 'string' },
      targets: { type: 'string' },
      figures: { type: 'string' },
      requests: { type: 'string' },
      connections: { type: 'string' },
      seconds: { type: 'string' },
      streams: { type: 'string' },
      'hold-seconds': { type: 'string' },
      'upstream-latency-ms': { type: 'string', default: '0' },
      soak: { type: 'boolean', default: false },
      'soak-seconds': { type: 'string' },
      mixed: { type: 'boolean', default: false },
      'mixed-seconds': { type: 'string' },
      'mixed-warmup-seconds': { type: 'string' },
      'no-heap-probe': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      'no-local': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const s = { ...FULL, ...(values.quick ? QUICK : {}) };
  if (values.reps !== undefined) s.reps = Math.max(1, int(values.reps, 'reps'));
  if (values.requests !== undefined) s.latencyRequests = Math.max(1, int(values.requests, 'requests'));
  if (values.connections !== undefined) s.connections = Math.max(1, int(values.connections, 'connections'));
  if (values.seconds !== undefined) s.throughputSeconds = Math.max(1, int(values.seconds, 'seconds'));
  if (values.streams !== undefined) s.streams = Math.max(1, int(values.streams, 'streams'));
  if (values['hold-seconds'] !== undefined) s.holdSeconds = Math.max(1, int(values['hold-seconds'], 'hold-seconds'));
  if (values['soak-seconds'] !== undefined) s.soakSeconds = Math.max(1, int(values['soak-seconds'], 'soak-seconds'));
  if (values['mixed-seconds'] !== undefined) s.mixedSeconds = Math.max(1, int(values['mixed-seconds'], 'mixed-seconds'));
  if (values['mixed-warmup-seconds'] !== undefined) s.mixedWarmupSeconds = Math.max(0, int(values['mixed-warmup-seconds'], 'mixed-warmup-seconds'));
  return {
    help: values.help,
    quick: values.quick,
    targets: values.targets ? list(values.targets, TARGETS, 'targets') : TARGETS,
    figures: values.figures === 'none' ? [] : values.figures ? list(values.figures, FIGURES, 'figures') : FIGURES,
    upstreamLatencyMs: int(values['upstream-latency-ms'], 'upstream-latency-ms'),
    soak: values.soak,
    mixed: values.mixed,
    heapProbe: !values['no-heap-probe'],
    cpuProf: values['cpu-prof'],
    local: !values['no-local'],
    outDir: resolve(values.out ?? resolve(import.meta.dirname, '../results')),
    settings: s,
  };
}
