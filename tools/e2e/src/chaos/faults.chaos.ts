import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { startFakeOpenAI, testModelPath, testModelsDir, waitFor, workspaceRoot, type FakeUpstream } from '@switchyard/testing';
import { askChat, registryOf, sleep, sumOf } from '../fault-kit';
import { startStack, type RunningService, type Stack } from '../stack';
import { SteadyLoad, type Sample } from './load';
import { failureSummary, renderTable, rowOf, type ScenarioRow } from './report';
import { RoundRobin } from './round-robin';
import { missingUsage, storedUsageEvents } from './usage-audit';

const LOCAL = 'local:llama-2-tiny-random';
const CLOUD = 'openai:gpt-4o-mini';
const KEY = 'sk-chaos-upstream-0123456789';
/** The gateway's deadline for one request; the clients wait longer, so a request still open at theirs hung. */
const GATEWAY_DEADLINE_MS = 15_000;
const CLIENT_DEADLINE_MS = 20_000;
/** The fake OpenAI's usual pace: time to headers, and between stream events. */
const UPSTREAM_LATENCY_MS = 20;
const UPSTREAM_CHUNK_MS = 10;

const exited = (s: RunningService): boolean => s.process.exitCode !== null || s.process.signalCode !== null;
const sentBetween = (samples: readonly Sample[], from: number, to: number): Sample[] => samples.filter((s) => s.sentAt >= from && s.sentAt < to);

/**
 * Faults under steady load (issue 9): two gateway replicas behind a round-robin client, two router
 * replicas, a worker-local (llama-2-tiny-random, which always writes max_tokens), a worker-cloud in front of a fake OpenAI and the metrics
 * service, all real processes on a nats-server of the suite's own. Virtual users stream and don't,
 * half of them edge-first (mostly local) and half cloud-first (mostly cloud), while each scenario
 * breaks one part. Every request must complete or fail with an OpenAI-shaped error, none may hang, and
 * every completed request's usage event must reach the events stream the metrics service consumes.
 */
describe('chaos: faults under steady load, over real processes and NATS', () => {
  let upstream: FakeUpstream;
  let stack: Stack;
  let gateways: RunningService[];
  let balancer: RoundRobin;
  let client: OpenAI;
  const rows: ScenarioRow[] = [];
  const suiteStart = new Date();

  beforeAll(async () => {
    upstream = await startFakeOpenAI({ apiKey: KEY, latencyMs: UPSTREAM_LATENCY_MS, chunkDelayMs: UPSTREAM_CHUNK_MS });
    stack = await startStack({
      modelsDir: testModelsDir(),
      privateNats: true,
      routers: 2,
      extraEnv: { E2E_CHAOS_OPENAI_KEY: KEY },
      cloudProviders: [
        {
          name: 'openai',
          kind: 'openai',
          baseUrl: upstream.url,
          apiKeyEnv: 'E2E_CHAOS_OPENAI_KEY',
          models: ['gpt-4o-mini'],
          timeoutMs: 3_000,
          maxRetries: 1,
          maxRetryWaitMs: 200,
        },
      ],
      expectModels: [LOCAL, CLOUD],
      serviceEnv: {
        gateway: { SWITCHYARD_GATEWAY__REQUEST_TIMEOUT_MS: String(GATEWAY_DEADLINE_MS), SWITCHYARD_GATEWAY__ROUTER_IDLE_TIMEOUT_MS: '2000' },
        router: { SWITCHYARD_ROUTER__WORKER_TTL_MS: '1500', SWITCHYARD_ROUTER__CIRCUIT_BREAKER__OPEN_MS: '2000' },
        'worker-local': {
          SWITCHYARD_WORKER_LOCAL__MODELS: JSON.stringify([{ path: testModelPath('llama-2-tiny-random.gguf'), concurrency: 4, maxQueue: 8 }]),
          SWITCHYARD_WORKER_LOCAL__HEARTBEAT_MS: '200',
        },
        'worker-cloud': { SWITCHYARD_WORKER_CLOUD__HEARTBEAT_MS: '200', SWITCHYARD_WORKER_CLOUD__PROBE_INTERVAL_MS: '1000' },
      },
    });
    if (!stack.privateNats) throw new Error('the chaos suite needs nats-server on the PATH (apt-get install -y nats-server)');
    gateways = [stack.gateway, await stack.start('gateway')];
    balancer = new RoundRobin(gateways.map((g) => g.url));
    client = new OpenAI({ baseURL: stack.baseURL, apiKey: 'chaos', maxRetries: 0, fetch: balancer.fetch });
  }, 120_000);

  afterAll(async () => {
    if (rows.length > 0) {
      const table = renderTable(rows);
      process.stdout.write(`\nchaos results\n${table}\n`);
      mkdirSync(join(workspaceRoot(), 'tmp'), { recursive: true });
      writeFileSync(join(workspaceRoot(), 'tmp', 'chaos-report.md'), `${table}\n`);
    }
    await stack?.stop();
    await upstream?.close();
  });

  /** Every process alive, the upstream well-behaved, and both backends answering through both routers. */
  async function healthy(): Promise<void> {
    await stack.privateNats?.revive();
    upstream.set({ scenario: undefined, latencyMs: UPSTREAM_LATENCY_MS, chunkDelayMs: UPSTREAM_CHUNK_MS, chunks: 5 });
    for (const service of stack.all.filter(exited)) {
      const fresh = await stack.restart(service);
      const index = gateways.indexOf(service);
      if (index >= 0) gateways[index] = fresh;
    }
    balancer.origins = gateways.map((g) => g.url);
    for (const router of stack.routers) {
      await waitFor(
        async () => {
          const ws = await registryOf(router.url);
          // A half-open circuit closes on its next good answer: the probes below send those.
          return ['local', 'openai'].every((p) => ws.some((w) => w.heartbeat.provider === p && w.circuit !== 'open' && !w.heartbeat.draining));
        },
        15_000,
        `both workers healthy at ${router.name}`,
      ).catch(async (error: Error) => {
        const seen = (await registryOf(router.url)).map((w) => ({ provider: w.heartbeat.provider, circuit: w.circuit, upstream: w.heartbeat.upstream }));
        throw new Error(`${error.message}: ${JSON.stringify(seen)}`);
      });
    }
    for (const model of [LOCAL, CLOUD]) {
      for (let i = 0; i < gateways.length; i++) {
        await waitFor(async () => (await askChat(client, { model, maxTokens: 2 })).status === 200, 15_000, `a good answer from ${model}`);
      }
    }
  }

  async function localInFlight(): Promise<number> {
    const status = (await (await fetch(`${stack.workerLocal.url}/status`, { signal: AbortSignal.timeout(2_000) })).json()) as { inFlight: number };
    return status.inFlight;
  }

  interface Run {
    samples: Sample[];
    /** Epoch ms of the moments the scenario marked (fault on, fault off). */
    marks: Record<string, number>;
  }

  /**
   * Runs steady load, lets `fault` act on the stack in the middle of it, then stops the load and audits
   * it: the table's row, no hung or unclear request, no lost usage, no cut connection unless `cutsAllowed`.
   */
  async function underLoad(scenario: string, fault: (mark: (name: string) => void) => Promise<void>, cutsAllowed = 0): Promise<Run> {
    await healthy();
    const since = new Date(Date.now() - 1_000);
    const marks: Record<string, number> = {};
    const load = SteadyLoad.start({
      client,
      streaming: 4,
      nonStreaming: 4,
      policies: ['edge-first', 'cloud-first'],
      clientDeadlineMs: CLIENT_DEADLINE_MS,
      maxTokens: 48,
      pauseMs: 20,
    });
    await sleep(1_500);
    await fault((name) => (marks[name] = Date.now()));
    const samples = await load.stop();
    const completed = samples.filter((s) => s.outcome === 'completed');
    const ids = completed.flatMap((s) => (s.requestId ? [s.requestId] : []));
    const lost = await missingUsage(stack.nats.url, since, ids);
    const row = rowOf(scenario, samples, lost.length + (completed.length - ids.length));
    rows.push(row);
    process.stdout.write(`chaos: ${scenario}: ${JSON.stringify(row.counts)}; failures: ${failureSummary(samples)}\n`);
    expect({ hung: row.counts.hung, unclear: row.counts.unclear, lostUsage: row.lostUsage }).toEqual({ hung: 0, unclear: 0, lostUsage: 0 });
    expect(row.counts.cut).toBeLessThanOrEqual(cutsAllowed);
    expect(row.counts.completed).toBeGreaterThan(0);
    return { samples, marks };
  }

  it('NATS server crashed and back after 3 s: requests meanwhile get a fast 503, success is back within 5 s, no service restarts', async () => {
    const pids = stack.all.map((s) => s.process.pid);
    const { samples, marks } = await underLoad('NATS server crashed, back after 3 s', async (mark) => {
      mark('down');
      await stack.privateNats?.crash();
      await sleep(3_000);
      await stack.privateNats?.revive();
      mark('up');
      await sleep(8_000);
    });
    const duringOutage = sentBetween(samples, marks['down'] + 250, marks['up']);
    expect(duringOutage.length).toBeGreaterThan(0);
    for (const s of duringOutage) {
      expect({ outcome: s.outcome, status: s.status }).toEqual({ outcome: 'clear', status: 503 });
      expect(s.settledAt - s.sentAt).toBeLessThan(1_000);
    }
    const failedAfter = sentBetween(samples, marks['up'], Infinity).filter((s) => s.outcome !== 'completed');
    const recoveredMs = failedAfter.reduce((last, s) => Math.max(last, s.sentAt - marks['up']), 0);
    process.stdout.write(`chaos: after NATS came back, the last failed request was sent at +${recoveredMs} ms\n`);
    expect(recoveredMs).toBeLessThanOrEqual(5_000);
    expect(sentBetween(samples, marks['up'] + 5_000, Infinity).length).toBeGreaterThan(0);
    expect(stack.all.map((s) => s.process.pid)).toEqual(pids);
    expect(stack.all.filter(exited)).toEqual([]);
  }, 120_000);

  it('worker-local killed with SIGKILL mid-stream: streams that had output end with an error, the rest complete on the cloud', async () => {
    const { samples, marks } = await underLoad('worker-local SIGKILL mid-stream', async (mark) => {
      await waitFor(async () => (await localInFlight()) > 0, 5_000, 'a request running on worker-local');
      mark('kill');
      await stack.kill(stack.workerLocal);
      await sleep(5_000);
    });
    for (const s of samples.filter((x) => x.outcome === 'clear')) expect(s.streamed).toBe(true);
    expect(sentBetween(samples, marks['kill'], Infinity).filter((s) => s.outcome === 'completed').length).toBeGreaterThan(0);
  }, 120_000);

  it('one of two routers killed with SIGKILL: the other takes over', async () => {
    const { samples } = await underLoad('router SIGKILL (1 of 2)', async () => {
      await stack.kill(stack.routers[0]);
      await sleep(5_000);
    });
    for (const s of samples.filter((x) => x.outcome === 'clear')) expect(s.streamed).toBe(true);
  }, 120_000);

  it('one of two gateways killed with SIGKILL behind a round-robin client: only its open streams are cut', async () => {
    await underLoad(
      'gateway SIGKILL (1 of 2), round-robin client',
      async () => {
        await stack.kill(gateways[0]);
        await sleep(4_000);
      },
      4,
    );
  }, 120_000);

  it('worker-local frozen with SIGSTOP for 10 s: auto routes around it and its requests end by their deadlines', async () => {
    const { samples, marks } = await underLoad('worker-local SIGSTOP 10 s', async (mark) => {
      mark('stop');
      stack.pause(stack.workerLocal);
      await sleep(10_000);
      stack.resume(stack.workerLocal);
      mark('cont');
      await sleep(2_000);
    });
    const frozen = sentBetween(samples, marks['stop'] + 3_000, marks['cont']);
    expect(frozen.filter((s) => s.outcome === 'completed').length).toBeGreaterThan(frozen.length / 2);
  }, 120_000);

  it.each([
    ['upstream stalls after its headers', { scenario: 'stall' as const }],
    ['upstream sends malformed SSE and JSON', { scenario: 'malformed' as const }],
    ['upstream answers 429 to everything', { scenario: 'rate-limited' as const }],
    ['upstream 10× slower', { latencyMs: UPSTREAM_LATENCY_MS * 10, chunkDelayMs: UPSTREAM_CHUNK_MS * 10 }],
  ])('%s: auto routes around it or answers with the right error, within the deadline', async (scenario, behaviour) => {
    const { samples, marks } = await underLoad(scenario, async (mark) => {
      mark('on');
      upstream.set(behaviour);
      await sleep(6_000);
      mark('off');
    });
    const late = sentBetween(samples, marks['on'] + 2_000, marks['off']);
    expect(late.filter((s) => s.outcome === 'completed').length).toBeGreaterThan(late.length / 2);
  }, 120_000);

  it('the metrics service counted every usage event the stream stored during the run', async () => {
    const stored = await storedUsageEvents(stack.nats.url, suiteStart);
    const scrape = async (): Promise<number> => sumOf(await (await fetch(`${stack.metrics.url}/metrics`)).text(), 'switchyard_requests_total');
    await waitFor(async () => (await scrape()) >= stored.length, 20_000, `the metrics service to count ${stored.length} requests`);
    expect(await scrape()).toBe(stored.length);
    process.stdout.write(`chaos: the metrics service counted all ${stored.length} usage events stored during the run\n`);
  }, 60_000);
});
