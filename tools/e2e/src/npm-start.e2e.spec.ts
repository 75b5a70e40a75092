import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startFakeOpenAI, startTestNats, waitFor, workspaceRoot, type FakeUpstream, type TestNats } from '@switchyard/testing';
import { keepServiceOutput, registerSecretsOf } from './run-log';

const UPSTREAM_KEY = 'sk-test-npm-start-upstream-0123456789';

interface Answer {
  status: number;
  model: string;
  /** When it came (epoch ms). */
  at: number;
}

/**
 * `npm start` as a user runs it (tools/dev/start.mjs, every service under one supervisor), with the embedded
 * default model and one cloud backend, killed where it hurts: worker-local, under steady `auto` load.
 */
describe('npm start supervises the stack', () => {
  let nats: TestNats;
  let upstream: FakeUpstream;
  let start: ChildProcess;
  const output: string[] = [];
  const ports: Record<string, number> = {};
  const modelsDir = mkdtempSync(join(tmpdir(), 'switchyard-npm-start-'));
  const printed = (): string => output.join('');
  let gateway: string;

  beforeAll(async () => {
    nats = await startTestNats();
    upstream = await startFakeOpenAI({ apiKey: UPSTREAM_KEY });
    for (const service of ['GATEWAY', 'ROUTER', 'WORKER_LOCAL', 'WORKER_CLOUD', 'METRICS']) ports[service] = await freePort();
    const stamp = `${process.pid}_${Date.now().toString(36)}`;
    const env: Record<string, string> = {
      NATS_URL: nats.url,
      E2E_UPSTREAM_KEY: UPSTREAM_KEY,
      SWITCHYARD_WORKER_CLOUD__PROVIDERS: JSON.stringify([
        { name: 'openai', kind: 'openai-compatible', baseUrl: upstream.url, apiKeyEnv: 'E2E_UPSTREAM_KEY', models: ['gpt-4o-mini'] },
      ]),
      // An empty models folder: worker-local serves the model shipped with it.
      SWITCHYARD_WORKER_LOCAL__MODELS_DIR: modelsDir,
      SWITCHYARD_GATEWAY__KEYS_BUCKET: `e2e_start_keys_${stamp}`,
      SWITCHYARD_GATEWAY__RATE_LIMIT_BUCKET: `e2e_start_limits_${stamp}`,
      ...Object.fromEntries(Object.entries(ports).map(([service, port]) => [`SWITCHYARD_${service}__PORT`, String(port)])),
    };
    registerSecretsOf(env);
    gateway = `http://127.0.0.1:${ports['GATEWAY']}`;
    start = spawn(process.execPath, [join(workspaceRoot(), 'tools', 'dev', 'start.mjs')], {
      cwd: workspaceRoot(),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout?.on('data', (b: Buffer) => output.push(b.toString()));
    start.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
    await waitFor(() => printed().includes('Switchyard is up'), 150_000, `npm start to say it is up:\n${printed()}`).catch((error: Error) => {
      throw new Error(`${error.message}\n${printed()}`);
    });
  }, 180_000);

  afterAll(async () => {
    if (start && start.exitCode === null) {
      const exited = new Promise((resolve) => start.once('exit', resolve));
      start.kill('SIGTERM');
      await exited;
    }
    keepServiceOutput('npm-start', start?.pid, output);
    await upstream?.close();
    await nats?.stop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  async function chat(): Promise<Answer> {
    const response = await fetch(`${gateway}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Once upon a time' }], max_tokens: 16 }),
    });
    const body = (await response.json()) as { model?: string };
    return { status: response.status, model: body.model ?? '', at: Date.now() };
  }

  async function localWorkers(): Promise<string[]> {
    const registry = (await (await fetch(`http://127.0.0.1:${ports['ROUTER']}/workers`)).json()) as { workers: Array<{ heartbeat: { workerId: string; kind: string } }> };
    return registry.workers.filter((w) => w.heartbeat.kind === 'local').map((w) => w.heartbeat.workerId);
  }

  it('answers auto with the embedded default model, nothing configured', async () => {
    expect(printed()).toMatch(/models: auto, local:stories260k, openai:gpt-4o-mini/);
    expect(await chat()).toMatchObject({ status: 200, model: 'auto (selected: local:stories260k)' });
  });

  it('starts worker-local again after a SIGKILL under steady auto load: no client sees a failure, and it is back within 10 s', async () => {
    const answers: Answer[] = [];
    let running = true;
    const user = async (): Promise<void> => {
      while (running) answers.push(await chat());
    };
    const users = [user(), user(), user(), user()];
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const before = await localWorkers();
    const pid = Number([...printed().matchAll(/worker-local started \(pid (\d+)\)/g)].at(-1)?.[1]);
    expect(before).toHaveLength(1);
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    await waitFor(async () => (await localWorkers()).some((id) => !before.includes(id)), 10_000, 'a new worker-local in the registry');
    const backAt = Date.now();
    const backAfterMs = backAt - killedAt;
    // Some load on the restarted worker too.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    running = false;
    await Promise.all(users);

    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect(answers.some((a) => a.model === 'auto (selected: openai:gpt-4o-mini)')).toBe(true);
    expect(answers.filter((a) => a.at > backAt).some((a) => a.model === 'auto (selected: local:stories260k)')).toBe(true);
    expect(backAfterMs).toBeLessThan(10_000);
    expect(printed()).toMatch(/worker-local exited \(SIGKILL\); starting it again in 0\.5 s/);
    expect(printed()).not.toMatch(/stopping the stack/);
  }, 60_000);

  it('stops every service on SIGTERM, gateway first', async () => {
    const exited = new Promise<number | null>((resolve) => start.once('exit', (code) => resolve(code)));
    start.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(printed()).toMatch(/\[switchyard\] stopped/);
    await expect(fetch(`${gateway}/health`)).rejects.toThrow();
  }, 60_000);
});
