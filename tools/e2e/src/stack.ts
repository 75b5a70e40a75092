import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort, startTestNats, waitFor, workspaceRoot, type TestNats } from '@switchyard/testing';

/** One service of the stack running as a process from its build output. */
export interface RunningService {
  name: string;
  port: number;
  url: string;
  process: ChildProcess;
  /** Everything it printed (stdout and stderr). */
  output: string[];
}

/** The whole stack, started as real processes against a real NATS server. */
export interface Stack {
  nats: TestNats;
  gateway: RunningService;
  router: RunningService;
  workerLocal: RunningService;
  workerCloud: RunningService;
  /** One worker-cloud per configured cloud provider (empty when none is configured). */
  cloudWorkers: RunningService[];
  metrics: RunningService;
  /** Every service process, for checks over all their output. */
  all: RunningService[];
  /** `http://127.0.0.1:<port>/v1`, for the OpenAI client. */
  baseURL: string;
  stop(): Promise<void>;
}

type ServiceName = 'gateway' | 'router' | 'worker-local' | 'worker-cloud' | 'metrics';

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
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/health/ready`)).ok, 30_000, `${name} to be ready`).catch((error: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n--- ${label} output ---\n${output.join('')}`);
  });
  return { name: label, port, url, process: child, output };
}

async function stopService(service: RunningService): Promise<void> {
  if (service.process.exitCode !== null || service.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => service.process.once('exit', () => resolve()));
  service.process.kill('SIGTERM');
  const timer = setTimeout(() => service.process.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Starts every service (worker-local serving each model in `modelsDir`); waits until local models are listed. */
export async function startStack(options: {
  modelsDir: string;
  extraEnv?: Record<string, string>;
  /** `workerCloud.providers` entries; one worker-cloud process is started for each. */
  cloudProviders?: Array<{ name: string } & Record<string, unknown>>;
  /** Wait until these model ids are listed (by default, until some local model is). */
  expectModels?: string[];
}): Promise<Stack> {
  const nats = await startTestNats();
  const env: Record<string, string> = {
    NATS_URL: nats.url,
    SWITCHYARD_WORKER_LOCAL__MODELS_DIR: options.modelsDir,
    SWITCHYARD_WORKER_LOCAL__ID: `e2e-${process.pid}`,
    ...options.extraEnv,
  };
  const providers = options.cloudProviders ?? [];
  if (providers.length > 0) env['SWITCHYARD_WORKER_CLOUD__PROVIDERS'] = JSON.stringify(providers);
  const started: RunningService[] = [];
  try {
    const router = await startService('router', env);
    started.push(router);
    const workerLocal = await startService('worker-local', env);
    started.push(workerLocal);
    const cloudEnvs = providers.length === 0 ? [env] : providers.map((p) => ({ ...env, SWITCHYARD_WORKER_CLOUD__USE: p.name }));
    const [metrics, ...cloudWorkers] = await Promise.all([startService('metrics', env), ...cloudEnvs.map((e) => startService('worker-cloud', e))]);
    started.push(metrics, ...cloudWorkers);
    const workerCloud = cloudWorkers[0];
    const gateway = await startService('gateway', env);
    started.push(gateway);
    await waitFor(
      async () => {
        const body = (await (await fetch(`${gateway.url}/v1/models`)).json()) as { data?: Array<{ id: string }> };
        const ids = (body.data ?? []).map((m) => m.id);
        return options.expectModels ? options.expectModels.every((id) => ids.includes(id)) : ids.some((id) => id.startsWith('local:'));
      },
      30_000,
      'the router to list the expected models',
    );
    return {
      nats,
      gateway,
      router,
      workerLocal,
      workerCloud,
      cloudWorkers,
      metrics,
      all: started,
      baseURL: `${gateway.url}/v1`,
      stop: async () => {
        await Promise.all(started.map(stopService));
        await nats.stop();
      },
    };
  } catch (error) {
    await Promise.all(started.map(stopService));
    await nats.stop();
    throw error;
  }
}
