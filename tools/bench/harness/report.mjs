// Turns a run's results into Markdown: one table per figure (median (min–max) over repetitions, and the
// difference or ratio against direct measured in the same run), the machine, the settings and any failures.

const num = (x, digits = 2) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const signed = (x, digits = 2) => (typeof x === 'number' && Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(digits)}` : 'n/a');

/** "median (min–max)" of one field of a summary, or n/a. */
function cell(summary, field, digits = 2) {
  const s = summary?.[field];
  if (!s || s.median === undefined) return 'n/a';
  if (s.values.length === 1) return num(s.median, digits);
  return `${num(s.median, digits)} (${num(s.min, digits)}–${num(s.max, digits)})`;
}

const median = (summary, field) => summary?.[field]?.median;
const total = (reps, field) => (reps ?? []).reduce((a, r) => a + (typeof r[field] === 'number' ? r[field] : 0), 0);

function rowsFor(results, figure, render) {
  const direct = results.figures[figure]?.direct;
  return results.targets.map((t) => {
    const entry = results.figures[figure]?.[t.name];
    if (!entry) return `| ${t.title} | ${t.error ? `not started: ${t.error.split('\n')[0].slice(0, 120)}` : 'not measured'} |`;
    if (entry.error) return `| ${t.title} | failed: ${entry.error.split('\n')[0].slice(0, 160)} |`;
    return `| ${t.title} | ${render(entry.summary, entry.reps, direct?.summary, t.name === 'direct', t).join(' | ')} |`;
  });
}

function firstErrors(results, figure) {
  const lines = [];
  for (const t of results.targets) {
    const e = results.figures[figure]?.[t.name]?.reps?.find((r) => r.firstError)?.firstError;
    if (e) lines.push(`- ${t.title}: first error: \`${e.slice(0, 240)}\``);
  }
  return lines;
}

function section(title, about, header, rows, notes = []) {
  const columns = header.split('|').length - 2;
  return [`### ${title}`, '', about, '', header, `|${' --- |'.repeat(columns)}`, ...rows, ...(notes.length ? ['', ...notes] : []), ''];
}

function latency(results, s) {
  return section(
    'Added latency, non-streaming, 1 connection',
    `${s.latencyRequests} sequential requests after ${s.latencyWarmup} of warm-up (autocannon, 1 connection); percentiles from per-request timings; ms.`,
    '| target | p50 ms | p50 added vs direct | p99 ms | p99 added vs direct | errors + non-2xx |',
    rowsFor(results, 'latency', (sum, reps, d, isDirect) => [
      cell(sum, 'p50', 3),
      isDirect ? '(baseline)' : signed(median(sum, 'p50') - median(d, 'p50'), 3),
      cell(sum, 'p99', 3),
      isDirect ? '(baseline)' : signed(median(sum, 'p99') - median(d, 'p99'), 3),
      String(total(reps, 'errors') + total(reps, 'non2xx')),
    ]),
  );
}

function throughput(results, s) {
  return section(
    `Throughput, non-streaming, ${s.connections} connections`,
    `autocannon, ${s.connections} connections, ${s.throughputSeconds} s measured after ${s.warmupSeconds} s of warm-up; 2xx answers per second; errors and non-2xx summed over repetitions.`,
    '| target | requests/s | vs direct | p50 ms | p99 ms | errors | non-2xx |',
    rowsFor(results, 'throughput', (sum, reps, d, isDirect) => [
      cell(sum, 'rps', 0),
      isDirect ? '1.00× (baseline)' : `${num(median(sum, 'rps') / median(d, 'rps'))}×`,
      cell(sum, 'p50', 2),
      cell(sum, 'p99', 2),
      String(total(reps, 'errors')),
      String(total(reps, 'non2xx')),
    ]),
  );
}

/** The target's processes with a CPU figure in `sum`, and their total (µs per request, medians). */
function cpuOf(sum, target) {
  const roles = target.processes.map((p) => p.role).filter((r) => sum?.[`cpuUs:${r}`]);
  return { roles, totalUs: roles.reduce((a, r) => a + median(sum, `cpuUs:${r}`), 0) };
}

function cpuPerRequest(results, s) {
  return section(
    'CPU time per request during the throughput run',
    `user + system CPU (from /proc/<pid>/stat) each process used in the measured ${s.throughputSeconds} s, divided by the 2xx answers; µs per request. The machine has ${results.machine.cores} cores, shared by all of them.`,
    '| target | target processes, total | by process | load generator (autocannon) |',
    rowsFor(results, 'throughput', (sum, _reps, _direct, _isDirect, t) => {
      const { roles, totalUs } = cpuOf(sum, t);
      return [num(totalUs, 0), roles.map((r) => `${r} ${num(median(sum, `cpuUs:${r}`), 0)}`).join(', '), num(median(sum, 'cpuUs:load generator'), 0)];
    }),
  );
}

function cpuPerSequentialRequest(results, s) {
  return section(
    'CPU time per request at 1 connection',
    `The same reading during the ${s.latencyRequests} sequential requests of the latency figure: every process wakes up for each request, with its caches cold from the others' work, and nothing is shared between requests. Against the throughput run's figure when both were measured.`,
    '| target | target processes, total | by process | load generator (autocannon) | total against the throughput run |',
    rowsFor(results, 'latency', (sum, _reps, _direct, _isDirect, t) => {
      const { roles, totalUs } = cpuOf(sum, t);
      const loaded = cpuOf(results.figures.throughput?.[t.name]?.summary, t).totalUs;
      return [
        num(totalUs, 0),
        roles.map((r) => `${r} ${num(median(sum, `cpuUs:${r}`), 0)}`).join(', '),
        num(median(sum, 'cpuUs:load generator'), 0),
        loaded > 0 ? `${num(totalUs / loaded, 1)}×` : 'n/a',
      ];
    }),
  );
}

function ttft(results, s) {
  return section(
    'Streaming: time to first content chunk, short stream',
    `${s.ttftStreams} sequential streams of 10 content chunks (model \`bench\`) after ${s.streamWarmup} of warm-up, 1 connection, undici client reading SSE itself; ms from sending the request.`,
    '| target | TTFT p50 ms | p50 added vs direct | TTFT p99 ms | p99 added vs direct | whole stream p50 ms | failed streams |',
    rowsFor(results, 'ttft', (sum, reps, d, isDirect) => [
      cell(sum, 'p50', 3),
      isDirect ? '(baseline)' : signed(median(sum, 'p50') - median(d, 'p50'), 3),
      cell(sum, 'p99', 3),
      isDirect ? '(baseline)' : signed(median(sum, 'p99') - median(d, 'p99'), 3),
      cell(sum, 'totalP50', 3),
      String(total(reps, 'errors')),
    ]),
    firstErrors(results, 'ttft'),
  );
}

function longStream(results, s) {
  return section(
    'Streaming: a 500-chunk stream, total time',
    `${s.longStreams} sequential streams of 500 content chunks sent back to back upstream (model \`chunks-500\`); median total time per repetition, ms.`,
    '| target | total ms | vs direct | slowest stream ms | TTFT ms | failed streams |',
    rowsFor(results, 'long-stream', (sum, reps, d, isDirect) => [
      cell(sum, 'total', 2),
      isDirect ? '1.00× (baseline)' : `${num(median(sum, 'total') / median(d, 'total'))}×`,
      cell(sum, 'totalMax', 2),
      cell(sum, 'ttft', 2),
      String(total(reps, 'errors')),
    ]),
    firstErrors(results, 'long-stream'),
  );
}

function openStreams(results, s) {
  const mainRole = (t) => t.processes.find((p) => p.pid === t.mainPid)?.role;
  const notes = [...firstErrors(results, 'open-streams')];
  const rows = rowsFor(results, 'open-streams', (sum, reps, _direct, _isDirect, t) => {
    const role = mainRole(t);
    const others = t.processes
      .filter((p) => p.role !== role && sum[`rssHeld:${p.role}`])
      .map((p) => `${p.role} ${num(median(sum, `rssHeld:${p.role}`), 0)}`)
      .join(', ');
    return [
      `${cell(sum, 'held', 0)} of ${s.streams}`,
      String(total(reps, 'failedToOpen')),
      String(total(reps, 'brokeWhileHeld')),
      `${role}: ${cell(sum, `rssIdle:${role}`, 0)} → ${cell(sum, `rssHeld:${role}`, 0)}`,
      others || '—',
      cell(sum, 'upstreamOpenWhileHeld', 0),
      median(sum, 'upstreamLeftOpen') === 0 ? `0, all closed in ${cell(sum, 'drainSeconds', 1)} s` : cell(sum, 'upstreamLeftOpen', 0),
      cell(sum, 'rampSeconds', 1),
    ];
  });
  return section(
    'Concurrent open streams held',
    `${s.streams} streams of \`slow-1s\` (a content chunk a second), opened ${s.openConcurrency} at a time, held ${s.holdSeconds} s, then cancelled. "upstream open while held" counts the streams the fake upstream was serving at the end of the hold. RSS is VmRSS from /proc (MiB), idle before opening → highest while holding (idle includes whatever garbage earlier figures left, so the difference is only a rough per-stream cost; latest.json has kibPerStream). "upstream left open" counts fake-upstream streams still open ${15} s after the client cancelled (0 = cancellation reached the upstream).`,
    '| target | held | failed to open | broke while held | RSS MiB idle → held | other processes, RSS held MiB | upstream open while held | upstream left open | ramp s |',
    rows,
    notes,
  );
}

function soak(results, s) {
  if (!results.figures.soak) return [];
  return section(
    'Soak (--soak)',
    `half of each target's median top rate for ${s.soakSeconds} s in ${s.soakWindowSeconds}-s windows; first and last window.`,
    '| target | rate req/s | p99 first → last ms | main process RSS first → last MiB | its lowest reading in the first → last window MiB | requests | errors + non-2xx |',
    rowsFor(results, 'soak', (sum, reps) => [
      cell(sum, 'rate', 0),
      `${cell(sum, 'startP99')} → ${cell(sum, 'endP99')}`,
      `${cell(sum, 'startRss', 1)} → ${cell(sum, 'endRss', 1)}`,
      `${cell(sum, 'startRssFloor', 1)} → ${cell(sum, 'endRssFloor', 1)}`,
      String(total(reps, 'requests')),
      String(total(reps, 'errors') + total(reps, 'non2xx')),
    ]),
  );
}

function mixed(results, s) {
  if (!results.figures.mixed) return [];
  /** `role warm → end (growth %, min–max in between)` for every role of one memory measure (`rss` or `heap`). */
  const memory = (reps, measure) => {
    const r = reps[0] ?? {};
    const roles = Object.keys(r).filter((k) => k.startsWith(`${measure}Warm:`)).map((k) => k.slice(measure.length + 5));
    const cellOf = (role) => {
      const at = (field) => r[`${measure}${field}:${role}`];
      const change = at('GrowthPct') === undefined ? '' : ` (${signed(at('GrowthPct'), 1)} %, ${num(at('Min'), 0)}–${num(at('Max'), 0)} in between)`;
      return `${role} ${num(at('Warm'), 0)} → ${num(at('End'), 0)}${change}`;
    };
    return roles.map(cellOf).join('; ');
  };
  return section(
    'Streaming and non-streaming together (--mixed)',
    `${s.streams} virtual users each keeping a \`slow-1s\` stream open (60 s each; the next opens when one ends) while autocannon sends non-streaming requests over ${s.connections} connections, for ${s.mixedSeconds} s after ${s.mixedWarmupSeconds ?? 0} s of the same load as warm-up; failures count over both. RSS floors are the lowest reading of a ${s.mixedWindowSeconds}-s window: the first window after warm-up → the last (MiB; growth in per cent, and the lowest and highest of all windows after warm-up).`,
    '| target | streams completed | stream failures | non-streaming req/s | non-streaming requests | failures | RSS floor after warm-up → end, MiB | live heap after a full GC, after warm-up → end, MiB |',
    rowsFor(results, 'mixed', (sum, reps) => [
      String(total(reps, 'streamsCompleted')),
      String(total(reps, 'streamErrors')),
      cell(sum, 'rps', 0),
      String(total(reps, 'requests')),
      String(total(reps, 'requestErrors')),
      memory(reps, 'rss'),
      memory(reps, 'heap') || '—',
    ]),
    firstErrorsOfMixed(results),
  );
}

function firstErrorsOfMixed(results) {
  return Object.entries(results.figures.mixed ?? {}).flatMap(([name, entry]) => {
    const error = entry.reps?.find((r) => r.firstStreamError)?.firstStreamError;
    return error ? [`First stream failure (${name}): ${error.slice(0, 200)}`] : [];
  });
}

function cpuProfiles(results) {
  const prof = results.cpuProfile;
  if (!prof) return [];
  if (prof.error) return ['### CPU profile of Switchyard (--cpu-prof)', '', `failed: ${prof.error}`, ''];
  const out = [
    '### CPU profile of Switchyard (--cpu-prof)',
    '',
    `A separate stack run with \`node --cpu-prof\`, during one ${results.settings.throughputSeconds}-s throughput run at ${results.settings.connections} connections (${num(prof.rps, 0)} req/s with the profiler on). Self time inside that window only. Profiles: \`${prof.dir}\`.`,
    '',
  ];
  for (const p of prof.processes) {
    out.push(`**${p.app}**: ${num(p.summary.totalMs, 0)} ms sampled in the window. By package: ${p.summary.packages.slice(0, 8).map((x) => `${x.name} ${num(x.share * 100, 1)}%`).join(', ')}`, '');
    out.push('| self % | self ms | function | where |', '| --- | --- | --- | --- |');
    for (const f of p.summary.top.slice(0, 15)) out.push(`| ${num(f.share * 100, 1)} | ${num(f.selfMs, 0)} | \`${f.name}\` | ${f.where} |`);
    out.push('');
  }
  return out;
}

function busFloor(results) {
  const f = results.busFloor;
  if (!f) return [];
  const added = (name) => {
    const entry = results.figures.latency?.[name]?.summary;
    const direct = results.figures.latency?.direct?.summary?.p50?.median;
    return entry?.p50?.median !== undefined && direct !== undefined ? entry.p50.median - direct : undefined;
  };
  const rows = ['switchyard', 'switchyard-open']
    .filter((name) => added(name) !== undefined)
    .map((name) => `| ${name} added p50 | ${num(added(name), 3)} ms | ${num(added(name) - f.threeHopsP50, 3)} ms above the three-hop floor |`);
  return [
    '### The bus floor',
    '',
    `${f.requests} sequential requests over a private nats-server between plain nats.js processes, no Switchyard code: a round trip (requester → answerer → requester) and Switchyard's path (requester → forwarder → answerer, the answer straight back to the requester), with payloads of a small chat request and its answer. What a request through three processes costs at the least on this machine.`,
    '',
    '| figure | p50 | p99 |',
    '| --- | --- | --- |',
    `| one round trip (2 hops) | ${num(f.roundTripP50, 3)} ms | ${num(f.roundTripP99, 3)} ms |`,
    `| Switchyard's path (3 hops, 3 processes) | ${num(f.threeHopsP50, 3)} ms | ${num(f.threeHopsP99, 3)} ms |`,
    ...rows,
    '',
    ...(f.cpuUsPerRequest === undefined
      ? []
      : [
          `The same three-hop path with 64 requests in flight for 5 s: ${num(f.loadRps, 0)} req/s, **${num(f.cpuUsPerRequest, 0)} µs of CPU per request** ` +
            `(forwarder ${num(f['cpuUs:forwarder'], 0)}, answerer ${num(f['cpuUs:answerer'], 0)}, nats-server ${num(f['cpuUs:nats-server'], 0)}; the requester is not counted): ` +
            'the floor of the router, the worker and nats-server together, before any HTTP, JSON or routing.',
          '',
        ]),
    ...(f.sequentialCpuUsPerRequest === undefined
      ? []
      : [
          `One request at a time (the sequential three-hop requests above), the same processes used **${num(f.sequentialCpuUsPerRequest, 0)} µs of CPU per request** ` +
            `(forwarder ${num(f['sequentialCpuUs:forwarder'], 0)}, answerer ${num(f['sequentialCpuUs:answerer'], 0)}, nats-server ${num(f['sequentialCpuUs:nats-server'], 0)}): ` +
            'what waking each of them once per request costs, without Switchyard\'s code.',
          '',
        ]),
  ];
}

function transporter(results) {
  const f = results.transporter;
  if (!f) return [];
  const switchyardUs = (name) => {
    const sum = results.figures.throughput?.[name]?.summary;
    const target = results.targets.find((t) => t.name === name);
    if (!sum || !target?.processes) return undefined;
    return target.processes.map((p) => median(sum, `cpuUs:${p.role}`) ?? 0).reduce((a, b) => a + b, 0);
  };
  const perRequest = 2 * f.addedUsPerHop;
  const rows = ['switchyard', 'switchyard-open']
    .filter((name) => switchyardUs(name) !== undefined)
    .map((name) => `| ${results.targets.find((t) => t.name === name).title} | ${num(switchyardUs(name), 0)} µs | ${num((100 * perRequest) / switchyardUs(name), 1)}% |`);
  const row = (label, r) => `| ${label} | ${num(r.cpuUsPerRequest, 1)} | ${num(r.requesterUs, 1)} | ${num(r.responderUs, 1)} | ${num(r.rps, 0)} |`;
  return [
    '### The NestJS transporter\'s own cost',
    '',
    `One requester and one responder process on a private nats-server, ${f.inFlight} requests in flight for ${f.seconds} s, each answered with four chunks the size of a worker's parts: through Switchyard's bus directly (\`requestStream\` / \`serveStream\`), and through \`BusClient\` and a NestJS microservice on \`BusServer\` with a \`@MessagePattern\` controller returning an Observable, as the services run now. The two alternate, ${f.reps} time(s) each (medians). nats-server does the same work either way and is not counted.`,
    '',
    '| path | CPU µs per request, both processes | requester | responder | requests/s |',
    '| --- | --- | --- | --- | --- |',
    row('bare bus', f.raw),
    row('NestJS transporter', f.nest),
    '',
    `The transporter adds **${num(f.addedUsPerHop, 1)} µs per hop**. A request through Switchyard crosses it twice (gateway → router, router → worker): **${num(perRequest, 1)} µs**, set against Switchyard's CPU per request in the throughput figure of this run:`,
    '',
    '| target | CPU per request (all processes) | transporter\'s share |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ];
}

function local(results) {
  if (!results.local) return [];
  const out = ['### Local inference (tools/bench/local-inference.mjs)', ''];
  if (results.local.error) out.push(`failed: ${results.local.error.split('\n').slice(0, 5).join(' ')}`);
  else out.push(results.local.table);
  return [...out, ''];
}

export function renderMarkdown(results) {
  const m = results.machine;
  const s = results.settings;
  const code = results.code ? ` Apps built from commit ${results.code.commit}${results.code.uncommittedAppFiles ? ` with ${results.code.uncommittedAppFiles} uncommitted file(s) in apps/ or libs/` : ''}.` : '';
  const lines = [
    `# Switchyard benchmark — ${results.date}`,
    '',
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Linux ${m.kernel}, Node ${m.node}, ${m.natsServer}, Portkey gateway ${m.portkey}, open files ${m.openFiles.soft}/${m.openFiles.hard}. ` +
      `Load generator, fake upstream and the target all run on this machine (loopback), sharing its cores. ${s.reps} repetition(s) per figure: median (min–max).${code}${results.quick ? ' **--quick run: short, not for comparison.**' : ''}`,
    '',
    'Targets, measured one after another against the same fake upstream (raw node:http, non-streaming answers after ' +
      `${results.upstreamLatencyMs} ms): ${results.targets.map((t) => `**${t.title}**${t.notes.length ? ` (${t.notes.join('; ')})` : ''}`).join(', ')}.`,
    '',
  ];
  const wanted = new Set(results.figureNames);
  if (wanted.has('latency')) lines.push(...latency(results, s), ...cpuPerSequentialRequest(results, s), ...busFloor(results));
  if (wanted.has('throughput')) lines.push(...throughput(results, s), ...cpuPerRequest(results, s), ...transporter(results));
  if (wanted.has('ttft')) lines.push(...ttft(results, s));
  if (wanted.has('long-stream')) lines.push(...longStream(results, s));
  if (wanted.has('open-streams')) lines.push(...openStreams(results, s));
  lines.push(...soak(results, s), ...mixed(results, s), ...local(results), ...cpuProfiles(results));
  if (results.failures.length) lines.push('### Failures', '', ...results.failures.map((f) => `- ${f.target} / ${f.figure}: ${f.message.split('\n')[0]}`), '');
  return lines.join('\n');
}
