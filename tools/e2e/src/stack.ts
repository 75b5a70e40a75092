import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort, hasNatsServer, startPrivateNats, startTestNats, waitFor, workspaceRoot, type PrivateNats, type TestNats } from '@switchyard/testing';
import { keepServiceOutput, registerSecretsOf } from './run-log';

/** The apps a stack runs, by their folder under `dist/apps`. */
export type ServiceName = 'gateway' | 'router' | 'worker-local' | 'worker-cloud' | 'metrics';

/** One service of the stack running as a process from its build output. */
export interface RunningService {
  name: string;
  port: number;
  url: string;
  process: ChildProcess;
  /** Everything it printed (stdout and stderr). */
  output: string[];
  /** Which app it runs. */
  service: ServiceName;
  /** The environment it was given on top of the test's own, so it can be started again alike. */
  env: Record<string, string>;
}

/** The whole stack, started as real processes against a real NATS server. */
export interface Stack {
  nats: TestNats;
  /** The stack's own nats-server when it runs one (`privateNats`), which a test may crash and revive. */
  privateNats: PrivateNats | undefined;
  gateway: RunningService;
  router: RunningService;
  workerLocal: RunningService;
  workerCloud: RunningService;
  /** One worker-cloud per configured cloud provider (empty when none is configured). */
  cloudWorkers: RunningService[];
  metrics: RunningService;
  /** Every service process, for checks over all their output. */
  all: RunningService[];
  /** Every router replica (`router` is the first); they share one NATS queue group. */
  routers: RunningService[];
  /** `http://127.0.0.1:<port>/v1`, for the OpenAI client. */
  baseURL: string;
  /** Starts one more process of `service` with the stack's environment plus `env` (another router replica, say). */
  start(service: ServiceName, env?: Record<string, string>): Promise<RunningService>;
  /**
   * Starts a new process in place of `service` (after it was killed, say), with the same environment;
   * the stack's fields (`router`, `workerLocal`, `routers`, `all`, …) then name the new one.
   */
  restart(service: RunningService): Promise<RunningService>;
  /** Sends `signal` (SIGKILL unless told) and waits until the process has exited. */
  kill(service: RunningService, signal?: NodeJS.Signals): Promise<void>;
  /** Freezes the process (SIGSTOP): it keeps its connections but answers nothing, heartbeats included. */
  pause(service: RunningService): void;
  /** Lets a paused process run again (SIGCONT). */
  resume(service: RunningService): void;
  stop(): Promise<void>;
}

const PORT_VARIABLES: Record<ServiceName, string> = {
  gateway: 'SWITCHYARD_GATEWAY__PORT',
  router: 'SWITCHYARD_ROUTER__PORT',
  'worker-local': 'SWITCHYARD_WORKER_LOCAL__PORT',
  'worker-cloud': 'SWITCHYARD_WORKER_CLOUD__PORT',
  metrics: 'SWITCHYARD_METRICS__PORT',
};

async function startService(name: ServiceName, env: Record<string, string>): Promise<RunningService> {
  const port = await freePort();
  const label = env['SWITCHYARD_WORKER_CLOUD__USE'] ? `${name}:${env['SWITCHYARD_WORKER_CLOUD__USE']}` : name;
  const main = join(workspaceRoot(), 'dist', 'apps', name, 'main.js');
  const child = spawn(process.execPath, [main], {
    cwd: workspaceRoot(),
    env: { ...process.env, ...env, [PORT_VARIABLES[name]]: String(port), LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (b: Buffer) => output.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
  child.once('exit', () => keepServiceOutput(label, child.pid, output));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/health/ready`)).ok, 30_000, `${name} to be ready`).catch((error: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n--- ${label} output ---\n${output.join('')}`);
  });
  return { name: label, port, url, process: child, output, service: name, env };
}

function hasExited(service: RunningService): boolean {
  return service.process.exitCode !== null || service.process.signalCode !== null;
}

async function killService(service: RunningService, signal: NodeJS.Signals): Promise<void> {
  if (hasExited(service)) return;
  const exited = new Promise<void>((resolve) => service.process.once('exit', () => resolve()));
  service.process.kill(signal);
  await exited;
}

async function stopService(service: RunningService): Promise<void> {
  if (hasExited(service)) return;
  const exited = new Promise<void>((resolve) => service.process.once('exit', () => resolve()));
  // A paused process would not act on SIGTERM until continued.
  service.process.kill('SIGCONT');
  service.process.kill('SIGTERM');
  const timer = setTimeout(() => service.process.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Starts every service (worker-local serving each model in `modelsDir`); waits until local models are listed. */
export async function startStack(options: {
  modelsDir: string;
  extraEnv?: Record<string, string>;
  /** Environment for one kind of service only, on top of `extraEnv` (e.g. the gateway's timeouts). */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** `workerCloud.providers` entries; one worker-cloud process is started for each. */
  cloudProviders?: Array<{ name: string } & Record<string, unknown>>;
  /** Wait until these model ids are listed (by default, until some local model is). */
  expectModels?: string[];
  /** Router replicas to start (default 1). */
  routers?: number;
  /**
   * Run a `nats-server` of the stack's own on a free port (when the binary is installed) instead of the
   * shared one, so that killing and pausing services cannot disturb, or be disturbed by, other processes.
   */
  privateNats?: boolean;
}): Promise<Stack> {
  const privateNats = options.privateNats && hasNatsServer() ? await startPrivateNats() : undefined;
  const nats = privateNats ?? (await startTestNats());
  const env: Record<string, string> = {
    NATS_URL: nats.url,
    SWITCHYARD_WORKER_LOCAL__MODELS_DIR: options.modelsDir,
    SWITCHYARD_WORKER_LOCAL__ID: `e2e-${process.pid}`,
    ...options.extraEnv,
  };
  const providers = options.cloudProviders ?? [];
  if (providers.length > 0) env['SWITCHYARD_WORKER_CLOUD__PROVIDERS'] = JSON.stringify(providers);
  const envOf = (name: ServiceName, extra: Record<string, string> = {}): Record<string, string> => {
    const serviceEnv = { ...env, ...options.serviceEnv?.[name], ...extra };
    registerSecretsOf(serviceEnv);
    return serviceEnv;
  };
  const started: RunningService[] = [];
  const launch = async (name: ServiceName, serviceEnv: Record<string, string>): Promise<RunningService> => {
    const service = await startService(name, serviceEnv);
    started.push(service);
    return service;
  };
  try {
    const routers: RunningService[] = [];
    for (let i = 0; i < Math.max(1, options.routers ?? 1); i++) routers.push(await launch('router', envOf('router')));
    const router = routers[0];
    const workerLocal = await launch('worker-local', envOf('worker-local'));
    const cloudEnvs = providers.length === 0 ? [envOf('worker-cloud')] : providers.map((p) => envOf('worker-cloud', { SWITCHYARD_WORKER_CLOUD__USE: p.name }));
    const [metrics, ...cloudWorkers] = await Promise.all([launch('metrics', envOf('metrics')), ...cloudEnvs.map((e) => launch('worker-cloud', e))]);
    const workerCloud = cloudWorkers[0];
    const gateway = await launch('gateway', envOf('gateway'));
    await waitFor(
      async () => {
        const body = (await (await fetch(`${gateway.url}/v1/models`)).json()) as { data?: Array<{ id: string }> };
        const ids = (body.data ?? []).map((m) => m.id);
        return options.expectModels ? options.expectModels.every((id) => ids.includes(id)) : ids.some((id) => id.startsWith('local:'));
      },
      30_000,
      'the router to list the expected models',
    );
    const stack: Stack = {
      nats,
      privateNats,
      gateway,
      router,
      workerLocal,
      workerCloud,
      cloudWorkers,
      metrics,
      all: started,
      routers,
      baseURL: `${gateway.url}/v1`,
      start: async (name, extra) => {
        const service = await launch(name, envOf(name, extra));
        if (name === 'router') routers.push(service);
        if (name === 'worker-cloud') cloudWorkers.push(service);
        return service;
      },
      restart: async (old) => {
        await stopService(old);
        const service = await startService(old.service, old.env);
        const replace = (list: RunningService[]): void => {
          const index = list.indexOf(old);
          if (index >= 0) list[index] = service;
        };
        replace(started);
        replace(routers);
        replace(cloudWorkers);
        if (stack.gateway === old) {
          stack.gateway = service;
          stack.baseURL = `${service.url}/v1`;
        }
        if (stack.router === old) stack.router = service;
        if (stack.workerLocal === old) stack.workerLocal = service;
        if (stack.workerCloud === old) stack.workerCloud = service;
        if (stack.metrics === old) stack.metrics = service;
        return service;
      },
      kill: (service, signal = 'SIGKILL') => killService(service, signal),
      pause: (service) => void service.process.kill('SIGSTOP'),
      resume: (service) => void service.process.kill('SIGCONT'),
      stop: async () => {
        await Promise.all(started.map(stopService));
        await nats.stop();
      },
    };
    return stack;
  } catch (error) {
    await Promise.all(started.map(stopService));
    await nats.stop();
    throw error;
  }
}
