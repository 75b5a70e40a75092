import OpenAI from 'openai';
import { HEADERS } from '@switchyard/contracts';
import { startFakeOpenAI, testModelPath, testModelsDir, type FakeUpstream } from '@switchyard/testing';
import { registryOf, sleep, waitForRegistry, within } from './fault-kit';
import { startStack, type Stack } from './stack';

const LOCAL = 'local:llama-2-tiny-random';
const CLOUD = 'openai:gpt-4o-mini';
const KEY = 'sk-e2e-replicas-0123456789';
const PROMPT = 'twenty pieces, one every 100 ms';
/** Upstream latency before its first byte: requests sent within this window have not started. */
const LATENCY_MS = 800;

/** How one request of the load ended, as the client saw it. */
type Outcome =
  | { ok: true; model: string; text: string; ms: number }
  | { ok: false; status: number | undefined; error: { message: string; type: string; param: string | null; code: string | null }; streamed: boolean; ms: number };

describe('two router replicas: losing one loses no request silently', () => {
  let upstream: FakeUpstream;
  let stack: Stack;
  let client: OpenAI;

  beforeAll(async () => {
    upstream = await startFakeOpenAI({ apiKey: KEY });
    stack = await startStack({
      modelsDir: testModelsDir(),
      privateNats: true,
      routers: 2,
      extraEnv: { E2E_OPENAI_KEY: KEY },
      cloudProviders: [{ name: 'openai', kind: 'openai', baseUrl: upstream.url, apiKeyEnv: 'E2E_OPENAI_KEY', models: ['gpt-4o-mini'], maxRetries: 0 }],
      expectModels: [LOCAL, CLOUD],
      serviceEnv: {
        gateway: {
          SWITCHYARD_GATEWAY__ROUTER_IDLE_TIMEOUT_MS: '2000',
          SWITCHYARD_GATEWAY__ROUTER_ACK_TIMEOUT_MS: '1000',
          SWITCHYARD_GATEWAY__REQUEST_TIMEOUT_MS: '30000',
        },
        'worker-local': {
          SWITCHYARD_WORKER_LOCAL__MODELS: JSON.stringify([{ path: testModelPath('llama-2-tiny-random.gguf'), concurrency: 1, maxQueue: 0 }]),
          SWITCHYARD_WORKER_LOCAL__HEARTBEAT_MS: '200',
        },
        'worker-cloud': { SWITCHYARD_WORKER_CLOUD__HEARTBEAT_MS: '200' },
      },
    });
    client = new OpenAI({ baseURL: stack.baseURL, apiKey: 'e2e', maxRetries: 0 });
    await bothRoutersKnowBothWorkers();
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    await upstream?.close();
  });

  async function bothRoutersKnowBothWorkers(): Promise<void> {
    for (const router of stack.routers) {
      await waitForRegistry(router.url, (ws) => ws.length === 2, 10_000, `${router.name} to know both workers`);
    }
  }

  /** One request of the load, bounded; whatever happens becomes an outcome. */
  async function run(stream: boolean, policy?: string): Promise<Outcome> {
    const sentAt = Date.now();
    const body = { model: 'auto', messages: [{ role: 'user' as const, content: PROMPT }], max_tokens: 32 };
    const options = { headers: policy ? { [HEADERS.policy]: policy } : {}, timeout: 15_000 };
    let streamed = false;
    const work = async (): Promise<Outcome> => {
      try {
        if (!stream) {
          const completion = await client.chat.completions.create(body, options);
          return { ok: true, model: completion.model, text: completion.choices[0].message.content ?? '', ms: Date.now() - sentAt };
        }
        const chunks = await client.chat.completions.create({ ...body, stream: true }, options);
        let model = '';
        let text = '';
        for await (const chunk of chunks) {
          streamed = true;
          model ||= chunk.model;
          text += chunk.choices[0]?.delta.content ?? '';
        }
        return { ok: true, model, text, ms: Date.now() - sentAt };
      } catch (error) {
        if (!(error instanceof OpenAI.APIError)) throw error;
        return { ok: false, status: error.status, error: error.error as Extract<Outcome, { ok: false }>['error'], streamed, ms: Date.now() - sentAt };
      }
    };
    return within(20_000, 'a request of the load', work());
  }

  function expectAnswered(outcome: Outcome): void {
    if (outcome.ok) {
      expect(outcome.model).toMatch(/^auto \(selected: (local:llama-2-tiny-random|openai:gpt-4o-mini)\)$/);
      if (outcome.model.includes(CLOUD)) expect(outcome.text).toBe(`Echo: ${PROMPT}`);
      else expect(outcome.text.length).toBeGreaterThan(0);
    }
  }

  it('SIGKILL one router under load: answers it had started go on (their workers write to the gateway directly), and none is lost', async () => {
    // Routers announce themselves to gateways every 500 ms; until the gateway has heard both, it
    // sends everything to the one it knows.
    await sleep(1_200);
    upstream.set({ latencyMs: LATENCY_MS, chunks: 20, chunkDelayMs: 100 });
    // Streaming from the slow cloud upstream (cloud-first: a quick local answer could finish before the
    // kill), past its latency when the router dies: gateways take routers in turn, so half on each.
    const streaming = Array.from({ length: 20 }, () => run(true, 'cloud-first'));
    await sleep(LATENCY_MS + 500);
    // Sent just before the kill, all forwarded to the worker and waiting for the upstream's first byte.
    const waiting = Array.from({ length: 20 }, (_, i) => run(i % 2 === 0, 'cloud-first'));
    await sleep(200);
    const [victim, survivor] = stack.routers;
    await stack.kill(victim);

    const [first, second] = await within(25_000, 'every request to settle', Promise.all([Promise.all(streaming), Promise.all(waiting)]));
    // The worker answers the gateway's inbox itself: the router that forwarded a request is not on the reply's path,
    // so losing it loses neither the streams it had started nor the requests it had forwarded.
    expect([...first, ...second].filter((o) => !o.ok)).toEqual([]);
    for (const outcome of [...first, ...second]) {
      expectAnswered(outcome);
      expect(outcome).toMatchObject({ ok: true, model: `auto (selected: ${CLOUD})`, text: `Echo: ${PROMPT}` });
    }
    expect(survivor.process.exitCode).toBeNull();
    expect((await registryOf(survivor.url)).length).toBe(2);
  });

  it('a router paused with SIGSTOP: its share of requests is answered by the other replica after the ack timeout', async () => {
    upstream.set({ latencyMs: 0, chunks: 5, chunkDelayMs: 0 });
    const [dead] = stack.routers;
    await stack.restart(dead);
    await bothRoutersKnowBothWorkers();
    const paused = stack.routers[1];
    stack.pause(paused);
    try {
      const outcomes = await within(15_000, 'the requests to settle', Promise.all(Array.from({ length: 10 }, (_, i) => run(i % 2 === 0, 'cloud-first'))));
      // Every one answered: a request the queue group gave the paused router is retried on the other.
      expect(outcomes.filter((o) => !o.ok)).toEqual([]);
      for (const outcome of outcomes) {
        expect(outcome).toMatchObject({ ok: true, model: `auto (selected: ${CLOUD})`, text: `Echo: ${PROMPT}` });
        expect(outcome.ms).toBeLessThan(4_000);
      }
      // The queue group gave some to the paused router: those waited for the 1 s ack timeout first.
      expect(Math.max(...outcomes.map((o) => o.ms))).toBeGreaterThanOrEqual(1_000);
    } finally {
      stack.resume(paused);
    }
  });

  it('a cloud that stalls: streamed cloud-first requests are hedged onto the local model, then skip the cloud once its circuit opens', async () => {
    upstream.set({ scenario: undefined, latencyMs: 0, chunks: 5, chunkDelayMs: 0 });
    await Promise.all(stack.routers.filter((r) => r.process.exitCode !== null || r.process.signalCode !== null).map((r) => stack.restart(r)));
    await bothRoutersKnowBothWorkers();
    // Both replicas measure the cloud's time to first token (a few ms here), so their hedge waits drop to the 250 ms floor.
    for (let i = 0; i < 10; i++) expect(await run(true, 'cloud-first')).toMatchObject({ ok: true, model: `auto (selected: ${CLOUD})` });
    upstream.set({ scenario: 'stall' });
    try {
      let hedged = 0;
      let skipped = 0;
      for (let i = 0; i < 8; i++) {
        const sentAt = Date.now();
        const { data, response } = await client.chat.completions
          .create({ model: 'auto', messages: [{ role: 'user', content: PROMPT }], max_tokens: 8, stream: true }, { headers: { [HEADERS.policy]: 'cloud-first' }, timeout: 10_000 })
          .withResponse();
        let firstAt = 0;
        let model = '';
        for await (const chunk of data) {
          firstAt ||= Date.now();
          model ||= chunk.model;
        }
        expect(model).toBe(`auto (selected: ${LOCAL})`);
        // Hedged, until the cloud has lost router.hedge.lossesToOpen (3) races on a router: then that router's circuit
        // for it is open and the local model answers at once (a probe now and then is hedged again).
        const route = response.headers.get(HEADERS.route) ?? '';
        if (route.includes(`hedged=${CLOUD}`)) hedged += 1;
        else if (route.includes(`skipped=${CLOUD} (circuit_open)`)) skipped += 1;
        else throw new Error(`neither hedged nor skipped: ${route}`);
        // The hedge starts after the 250 ms floor; the local model's first token follows within a few hundred ms.
        expect(firstAt - sentAt).toBeLessThan(1_500);
      }
      // Two routers, three lost races each at most before their circuits open.
      expect(hedged).toBeGreaterThanOrEqual(3);
      expect(hedged + skipped).toBe(8);
      const counted = await Promise.all(stack.routers.map(async (r) => (await (await fetch(`${r.url}/metrics`)).text())));
      const won = counted
        .flatMap((text) => text.split('\n'))
        .filter((line) => line.startsWith(`switchyard_hedges_total{primary="${CLOUD}",hedge="${LOCAL}",winner="hedge"}`))
        .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
      expect(won).toBe(hedged);
    } finally {
      upstream.set({ scenario: undefined });
    }
  });
});
