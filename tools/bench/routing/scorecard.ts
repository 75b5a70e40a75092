// The routing scorecard (`npm run bench -- --routing`, run with `node -r @swc-node/register`): a local model and two
// fake OpenAI-format clouds behind one stack; per scenario (a fault of the clouds, or the local worker killed), a series
// of `auto` requests (streamed and not, `x-switchyard-policy: cloud-first`, so a cloud is preferred while it serves)
// then the same series pinned to each backend interleaved, request by request, with `auto` under `fastest`. It reports client-visible failures and time to first token / total of `auto` against the best pinned
// backend of the same scenario. Prints progress lines and a Markdown table; writes it to --out.
//
//   node -r @swc-node/register tools/bench/routing/scorecard.ts [--requests 12] [--out tools/bench/results/routing-latest.md]
//     [--only "healthy,cloud hangs"]   (these scenarios only, by name; the recovery measure is then left out)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeOpenAI, testModelsDir, type FakeUpstream } from '@switchyard/testing';
import { startStack, type RunningService, type Stack } from '../../e2e/src/stack';
import { measureInterleaved, measureSeries, summarise, type Outcome, type Summary } from './series';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '12' }, out: { type: 'string', default: 'tools/bench/results/routing-latest.md' }, only: { type: 'string' } },
});
const REQUESTS = Number(values.requests);
/** Scenario names to run (`--only`), or undefined for all of them and the recovery measure. */
const ONLY = values.only?.split(',').map((name) => name.trim());
const KEY = 'sk-scorecard-cloud-0123456789';
const LOCAL = 'local:stories260k';
/** The clouds answer after this long, as a real provider's first byte would (the slow scenario is 10× it). */
const CLOUD_LATENCY_MS = 60;

interface Scenario {
  name: string;
  /** Puts the fault in place (before the measured requests). */
  fault(ctx: Context): Promise<void>;
  /** Takes it away again. */
  heal(ctx: Context): Promise<void>;
}

interface Context {
  /** Long requests holding the local models' slots and queues (the saturated scenario). */
  hogs: AbortController[];
  stack: Stack;
  clouds: { a: FakeUpstream; b: FakeUpstream };
  ports: { a: number; b: number };
  local: RunningService;
}

const log = (line: string): void => console.log(`[routing] ${line}`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Both clouds at once: "the cloud" of a scenario is every cloud backend, the local model stays healthy. */
const bothClouds = (ctx: Context): FakeUpstream[] => [ctx.clouds.a, ctx.clouds.b];

const SCENARIOS: Scenario[] = [
  { name: 'healthy', fault: async () => undefined, heal: async () => undefined },
  {
    // Every local model's slot and queue taken by long generations (1 running and 8 waiting, the defaults).
    name: 'local saturated',
    fault: async (ctx) => {
      for (const model of [LOCAL, 'local:llama-2-tiny-random']) {
        for (let i = 0; i < 9; i++) ctx.hogs.push(hog(ctx.stack.baseURL, model));
      }
      await sleep(1_000);
    },
    heal: async (ctx) => {
      for (const hogging of ctx.hogs.splice(0)) hogging.abort();
    },
  },
  {
    name: 'cloud 429 storm',
    fault: async (ctx) => bothClouds(ctx).forEach((cloud) => cloud.set({ scenario: 'rate-limited', rateLimitResetS: 2 })),
    heal: async (ctx) => bothClouds(ctx).forEach((cloud) => cloud.set({ scenario: undefined })),
  },
  {
    name: 'cloud unreachable',
    fault: async (ctx) => {
      await Promise.all(bothClouds(ctx).map((cloud) => cloud.close()));
    },
    heal: async (ctx) => {
      ctx.clouds = { a: await startFakeOpenAI({ apiKey: KEY, port: ctx.ports.a, latencyMs: CLOUD_LATENCY_MS }), b: await startFakeOpenAI({ apiKey: KEY, port: ctx.ports.b, latencyMs: CLOUD_LATENCY_MS }) };
    },
  },
  {
    name: 'cloud hangs',
    fault: async (ctx) => bothClouds(ctx).forEach((cloud) => cloud.set({ scenario: 'stall' })),
    heal: async (ctx) => bothClouds(ctx).forEach((cloud) => cloud.set({ scenario: undefined })),
  },
  {
    name: 'cloud slow (10×)',
    fault: async (ctx) => bothClouds(ctx).forEach((cloud) => cloud.set({ latencyMs: CLOUD_LATENCY_MS * 10 })),
    heal: async (ctx) => bothClouds(ctx).forEach((cloud) => cloud.set({ latencyMs: CLOUD_LATENCY_MS })),
  },
  {
    name: 'cloud dies mid-stream',
    fault: async (ctx) => bothClouds(ctx).forEach((cloud) => cloud.set({ scenario: 'dies-mid-stream', chunkDelayMs: 10 })),
    heal: async (ctx) => bothClouds(ctx).forEach((cloud) => cloud.set({ scenario: undefined, chunkDelayMs: 0 })),
  },
  {
    // Two replicas: one is SIGKILLed before the series; the gateway's requests find the other.
    name: 'router replica killed',
    fault: async ({ stack }) => {
      const victim = stack.routers[1];
      if (victim) await stack.kill(victim);
    },
    heal: async ({ stack }) => {
      const victim = stack.routers[1];
      if (victim) stack.routers[1] = await stack.restart(victim);
    },
  },
  {
    name: 'worker-local killed',
    fault: async ({ stack, local }) => stack.kill(local),
    heal: async (ctx) => {
      ctx.local = await ctx.stack.restart(ctx.local);
    },
  },
];

/**
 * Long streamed generations on `model`, one after another until aborted, so that the slot or queue place it takes stays
 * taken: a generation ends on its own after some seconds (llama-2-tiny-random's writes a stop sequence after about 600
 * tokens), which once let a "saturated" model's queue empty during the scenario. What it answers does not matter.
 */
function hog(baseURL: string, model: string): AbortController {
  const controller = new AbortController();
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'Once upon a time' }], max_tokens: 4_000, stream: true, seed: 1 });
  void (async () => {
    while (!controller.signal.aborted) {
      try {
        const res = await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: controller.signal });
        for await (const chunk of res.body ?? []) void chunk;
        // Refused (the queue was full): try again shortly rather than in a tight loop.
        if (res.status !== 200) await sleep(100);
      } catch {
        // Aborted (the loop ends), or the stack is restarting: try again shortly.
        await sleep(100);
      }
    }
  })();
  return controller;
}

/** The backends a request may be pinned to: every backend auto may choose (the worker-local serves two models). */
const PINNED = [LOCAL, 'local:llama-2-tiny-random', 'cloud-a:gpt-4o-mini', 'cloud-b:gpt-4o-mini'];

/** The pinned backend with no failures and the lowest TTFT p50, if any. */
function bestOf(pinned: Array<{ model: string; summary: Summary }>): { model: string; summary: Summary } | undefined {
  const healthy = pinned.filter((p) => p.summary.failures === 0 && p.summary.ttftP50 !== undefined);
  return healthy.sort((x, y) => (x.summary.ttftP50 ?? Infinity) - (y.summary.ttftP50 ?? Infinity))[0];
}

const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}×`);
const ms = (v: number | undefined): string => (v === undefined ? '–' : `${v.toFixed(0)} ms`);

/** A series' failures and TTFT, against the best pinned backend's. */
function againstBest(series: Summary, pinned: Array<{ model: string; summary: Summary }>): string {
  const best = bestOf(pinned);
  return `${series.failures} / ${series.requests}, ${ms(series.ttftP50)} / ${ms(series.ttftP99)}, ${ratio(series.ttftP50, best?.summary.ttftP50)} / ${ratio(series.ttftP99, best?.summary.ttftP99)}, ${series.selected.join(', ')}`;
}

/** Each pinned series' failures, by provider: what a client pinned to a backend saw (a circuit opened by auto's traffic refuses it too). */
function pinnedFailures(pinned: Array<{ model: string; summary: Summary }>): string {
  // Local models by name (the worker serves two), clouds by provider.
  return pinned.map(({ model, summary }) => `${model.startsWith('local:') ? model.slice('local:'.length) : model.split(':')[0]} ${summary.failures}`).join(', ');
}

function row(name: string, auto: Summary, pinned: Array<{ model: string; summary: Summary }>): string {
  const best = bestOf(pinned);
  return [
    name,
    `${auto.failures} / ${auto.requests}`,
    `${ms(auto.ttftP50)} / ${ms(auto.ttftP99)}`,
    best ? `${best.model}: ${ms(best.summary.ttftP50)} / ${ms(best.summary.ttftP99)}` : 'none healthy',
    pinnedFailures(pinned),
    `${ratio(auto.ttftP50, best?.summary.ttftP50)} / ${ratio(auto.ttftP99, best?.summary.ttftP99)}`,
    `${ms(auto.totalP50)} / ${ms(auto.totalP99)}`,
    auto.selected.join(', '),
  ]
    .map((cell) => ` ${cell} `)
    .join('|');
}

/** Hedges counted by every router so far (`switchyard_hedges_total`), and how many of them the hedge answered. */
async function hedgesSoFar(stack: Stack): Promise<{ started: number; won: number }> {
  // A router killed by its scenario counts nothing (its replacement starts from zero).
  const texts = await Promise.all(stack.routers.map((router) => fetch(`${router.url}/metrics`).then((res) => res.text()).catch(() => '')));
  const counted = { started: 0, won: 0 };
  for (const line of texts.flatMap((text) => text.split('\n'))) {
    if (!line.startsWith('switchyard_hedges_total{')) continue;
    const n = Number(line.slice(line.lastIndexOf(' ') + 1));
    counted.started += n;
    if (line.includes('winner="hedge"')) counted.won += n;
  }
  return counted;
}

/** Waits until every backend answers a pinned request, so that no scenario starts in the last one's state. */
async function healthy(ctx: Context): Promise<void> {
  const from = Date.now();
  for (const model of PINNED) {
    for (;;) {
      const [outcome] = await measureSeries(ctx.stack.baseURL, { model, count: 1 });
      if (outcome?.ok) break;
      if (Date.now() - from > 60_000) throw new Error(`${model} did not recover within 60 s: ${outcome?.problem}`);
      await sleep(200);
    }
  }
}

/** How long after the clouds return `auto` (cloud-first) is served by a cloud again, in ms. */
async function recovery(ctx: Context): Promise<number | undefined> {
  await Promise.all(bothClouds(ctx).map((cloud) => cloud.close()));
  // One request finds them gone; then they stay down long enough for the re-probes to back off.
  await measureSeries(ctx.stack.baseURL, { model: 'auto', policy: 'cloud-first', count: 1 });
  await sleep(3_000);
  ctx.clouds = { a: await startFakeOpenAI({ apiKey: KEY, port: ctx.ports.a, latencyMs: CLOUD_LATENCY_MS }), b: await startFakeOpenAI({ apiKey: KEY, port: ctx.ports.b, latencyMs: CLOUD_LATENCY_MS }) };
  const back = Date.now();
  while (Date.now() - back < 30_000) {
    const [outcome] = await measureSeries(ctx.stack.baseURL, { model: 'auto', policy: 'cloud-first', count: 1 });
    if (outcome?.selected?.startsWith('cloud-')) return Date.now() - back;
    await sleep(50);
  }
  return undefined;
}

async function main(): Promise<void> {
  log(`starting: a local model and two fake clouds; ${REQUESTS} requests per series`);
  const a = await startFakeOpenAI({ apiKey: KEY, latencyMs: CLOUD_LATENCY_MS });
  const b = await startFakeOpenAI({ apiKey: KEY, latencyMs: CLOUD_LATENCY_MS });
  const cloud = (name: string, upstream: FakeUpstream) => ({ name, kind: 'openai', baseUrl: upstream.url, apiKeyEnv: 'SCORECARD_KEY', models: ['gpt-4o-mini'], timeoutMs: 4_000, maxRetries: 1 });
  const stack = await startStack({
    modelsDir: testModelsDir(),
    privateNats: true,
    routers: 2,
    extraEnv: { SCORECARD_KEY: KEY, E2E_LOG_LEVEL: 'warn' },
    cloudProviders: [cloud('cloud-a', a), cloud('cloud-b', b)],
    expectModels: [LOCAL, 'cloud-a:gpt-4o-mini', 'cloud-b:gpt-4o-mini'],
  });
  const ports = { a: Number(new URL(a.url).port), b: Number(new URL(b.url).port) };
  const ctx: Context = { stack, clouds: { a, b }, ports, local: stack.workerLocal, hogs: [] };
  const lines = [
    `Routing scorecard, ${new Date().toISOString()}: ${REQUESTS} requests per series (half streamed), one after another; auto with \`x-switchyard-policy: cloud-first\`; the faults hit both clouds, which answer after ${CLOUD_LATENCY_MS} ms when healthy; the local model stays healthy (but in its own scenario).`,
    '',
    '| scenario | auto failures | auto TTFT p50 / p99 | best pinned TTFT p50 / p99 | pinned failures | auto against it | auto total p50 / p99 | auto selected | hedges (hedge answered) | resumes | auto fastest: failures, TTFT p50 / p99, against best, selected |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  try {
    for (const scenario of SCENARIOS.filter((s) => ONLY === undefined || ONLY.includes(s.name))) {
      await healthy(ctx);
      log(`${scenario.name}: fault`);
      await scenario.fault(ctx);
      const before = await hedgesSoFar(stack);
      const auto = summarise(await measureSeries(stack.baseURL, { model: 'auto', policy: 'cloud-first', count: REQUESTS }));
      const after = await hedgesSoFar(stack);
      const hedges = `${after.started - before.started} (${after.won - before.won})`;
      // Each pinned series and auto under the fastest policy (choosing on measured speed), interleaved so that auto and the best
      // pinned backend are measured under the same conditions. Auto goes last in each round: the routers have then measured
      // every backend, and its figures leave out the one request per backend and router that explores an unmeasured one.
      const interleaved = await measureInterleaved(stack.baseURL, [...PINNED.map((model) => ({ model })), { model: 'auto', policy: 'fastest' }], REQUESTS);
      const pinned = PINNED.map((model, k) => ({ model, summary: summarise(interleaved[k]) }));
      const fastest = summarise(interleaved[PINNED.length]);
      lines.push(`|${row(scenario.name, auto, pinned)}| ${hedges} | ${auto.resumes} | ${againstBest(fastest, pinned)} |`);
      log(`${scenario.name}: auto ${auto.failures} failures of ${auto.requests}${auto.firstProblem ? ` (first: ${auto.firstProblem})` : ''}, TTFT p50 ${auto.ttftP50?.toFixed(0)} ms`);
      for (const { model, summary } of pinned.filter((p) => p.summary.failures > 0)) log(`${scenario.name}: pinned ${model} ${summary.failures} failures (first: ${summary.firstProblem})`);
      log(`${scenario.name}: healing`);
      await scenario.heal(ctx);
    }
    if (ONLY === undefined) {
      await healthy(ctx);
      log('recovery: the clouds down for 3 s, then back');
      const recovered = await recovery(ctx);
      lines.push('', `Recovery: after 3 s unreachable, the clouds served \`auto\` again ${recovered === undefined ? 'not within 30 s' : `${recovered} ms`} after their return.`);
    }
  } finally {
    await stack.stop();
    await Promise.all(bothClouds(ctx).map((cloud) => cloud.close().catch(() => undefined)));
  }
  const report = lines.join('\n');
  console.log(report);
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${report}\n`);
  log(`written to ${values.out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

export type { Outcome };
