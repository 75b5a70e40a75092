import OpenAI from 'openai';
import { startFakeOpenAI, testModelPath, testModelsDir, waitFor, type FakeUpstream } from '@switchyard/testing';
import { askChat, registryOf, UsageEvents, waitForRegistry, type Answer, type AskOptions, type WorkerView } from './fault-kit';
import { startStack, type RunningService, type Stack } from './stack';

export const LOCAL = 'local:llama-2-tiny-random';
export const CLOUD = 'openai:gpt-4o-mini';
export const KEY = 'sk-e2e-faults-0123456789';
/**
 * llama-2-tiny-random has random weights: it practically never ends on its own, so it generates
 * exactly max_tokens. Through the whole stack on the 2-core CI machine it makes about 300 tokens/s
 * (1,000 in 3.6 s), so this many hold the local slot for about 10 s, longer than any scenario needs.
 */
export const LONG_GENERATION = 3_000;

export const localOf = (workers: WorkerView[]): WorkerView | undefined => workers.find((w) => w.heartbeat.kind === 'local');
export const cloudOf = (workers: WorkerView[]): WorkerView | undefined => workers.find((w) => w.heartbeat.provider === 'openai');

/** The counters of worker-local's `GET /status` these tests read. */
export interface LocalStatus {
  inFlight: number;
  completed: number;
  cancelled: number;
  failed: number;
  timeouts: number;
  busyRejections: number;
}

const exited = (service: RunningService): boolean => service.process.exitCode !== null || service.process.signalCode !== null;

/**
 * The stack of the auto-routing fault scenarios, on a NATS server of its own: one gateway, one router, a
 * worker-local with one slot of llama-2-tiny-random and a worker-cloud in front of a fake OpenAI whose
 * behaviour each scenario sets, with the helpers the scenarios share.
 */
export class FaultStack {
  private constructor(
    /** The fake OpenAI; a scenario that closes it puts its replacement here. */
    public upstream: FakeUpstream,
    readonly stack: Stack,
    readonly client: OpenAI,
    readonly events: UsageEvents,
  ) {}

  static async start(): Promise<FaultStack> {
    const upstream = await startFakeOpenAI({ apiKey: KEY });
    const stack = await startStack({
      modelsDir: testModelsDir(),
      privateNats: true,
      extraEnv: { E2E_OPENAI_KEY: KEY },
      cloudProviders: [{ name: 'openai', kind: 'openai', baseUrl: upstream.url, apiKeyEnv: 'E2E_OPENAI_KEY', models: ['gpt-4o-mini'], maxRetries: 0 }],
      expectModels: [LOCAL, CLOUD],
      serviceEnv: {
        router: {
          SWITCHYARD_ROUTER__ALIASES: JSON.stringify({ flaky: [CLOUD, LOCAL] }),
          // Open for a whole second at once (the default first opening is 250 ms), so a test sees it open.
          SWITCHYARD_ROUTER__CIRCUIT_BREAKER__FIRST_OPEN_MS: '1000',
          SWITCHYARD_ROUTER__CIRCUIT_BREAKER__OPEN_MS: '1000',
          // These scenarios watch what happens while a backend is slow to start (killed, paused): the router's wait for
          // a first output (750 ms at least by default) or its hedge (250 ms at least), both tested in the router's
          // integration tests and the hedge in router-replicas, would end them first.
          SWITCHYARD_ROUTER__FIRST_OUTPUT__ENABLED: 'false',
          SWITCHYARD_ROUTER__HEDGE__ENABLED: 'false',
        },
        gateway: { SWITCHYARD_GATEWAY__ROUTER_IDLE_TIMEOUT_MS: '2000', SWITCHYARD_GATEWAY__REQUEST_TIMEOUT_MS: '30000' },
        'worker-local': {
          SWITCHYARD_WORKER_LOCAL__MODELS: JSON.stringify([{ path: testModelPath('llama-2-tiny-random.gguf'), concurrency: 1, maxQueue: 0 }]),
          SWITCHYARD_WORKER_LOCAL__HEARTBEAT_MS: '200',
        },
        'worker-cloud': { SWITCHYARD_WORKER_CLOUD__HEARTBEAT_MS: '200', SWITCHYARD_WORKER_CLOUD__PROBE_INTERVAL_MS: '1000' },
      },
    });
    const client = new OpenAI({ baseURL: stack.baseURL, apiKey: 'e2e', maxRetries: 0 });
    return new FaultStack(upstream, stack, client, await UsageEvents.listen(stack.nats.url));
  }

  async stop(): Promise<void> {
    await this.events.close();
    await this.stack.stop();
    await this.upstream.close();
  }

  /** The fake upstream's port, for a scenario that takes it down and brings it back. */
  get upstreamPort(): number {
    return Number(new URL(this.upstream.url).port);
  }

  ask(options: AskOptions = {}): Promise<Answer> {
    return askChat(this.client, options);
  }

  workers(): Promise<WorkerView[]> {
    return registryOf(this.stack.router.url);
  }

  /** Waits until the router sees the local worker idle (heartbeats trail the worker by up to one period). */
  async localIdle(): Promise<void> {
    await waitForRegistry(
      this.stack.router.url,
      (ws) => localOf(ws)?.heartbeat.inFlight === 0 && localOf(ws)?.inFlightFromHere === 0,
      5_000,
      'the local worker to be idle',
    );
  }

  async localStatus(): Promise<LocalStatus> {
    return (await (await fetch(`${this.stack.workerLocal.url}/status`, { signal: AbortSignal.timeout(2_000) })).json()) as LocalStatus;
  }

  /** Requests the local worker has finished one way or another. */
  async localHandled(): Promise<number> {
    const s = await this.localStatus();
    return s.completed + s.cancelled + s.failed + s.timeouts + s.busyRejections;
  }

  /**
   * Puts the stack back in its healthy state: the upstream well-behaved, dead workers replaced (and the
   * dead ones gone from the registry), both workers idle, reachable, with headroom and a closed circuit
   * (one good request to each clears any count of failures in a row).
   */
  async heal(): Promise<void> {
    const { upstream, stack } = this;
    upstream.set({ scenario: undefined, latencyMs: 0, chunkDelayMs: 0, chunks: 5 });
    await Promise.all([stack.workerLocal, stack.workerCloud].filter(exited).map((s) => stack.restart(s)));
    await waitForRegistry(
      stack.router.url,
      (ws) => {
        const local = localOf(ws);
        const cloud = cloudOf(ws);
        return (
          ws.length === 2 &&
          local !== undefined &&
          cloud !== undefined &&
          cloud.heartbeat.upstream?.reachable === true &&
          cloud.heartbeat.upstream.rateLimits?.requests?.remaining !== 0 &&
          local.circuit !== 'open' &&
          cloud.circuit !== 'open'
        );
      },
      10_000,
      'both workers healthy',
    );
    for (const model of [LOCAL, CLOUD]) {
      await waitFor(async () => (await this.ask({ model, maxTokens: 2 })).status === 200, 10_000, `a good answer from ${model}`);
    }
    await this.localIdle();
  }
}
