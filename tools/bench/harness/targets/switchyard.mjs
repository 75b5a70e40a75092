// Target "Switchyard": the whole path. A private nats-server, then router, worker-cloud (one provider, `bench`,
// in front of the fake upstream), metrics and gateway, each `node dist/apps/<app>/main.js` with LOG_LEVEL=warn
// on a free port, each waited for on /health/ready; then the gateway's /v1/models must list the bench models.
// The gateway runs open (a fresh NATS store holds no API key), and an open gateway applies no rate limits;
// with `keyed`, the keys CLI first creates one key with limits too high to refuse, and every request carries it,
// so each one is authenticated and counted against the key's limits as in production.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startNats } from '../nats-server.mjs';
import { answersOk, cleanEnv, freePort, keepTempDir, removeTempDir, startProcess, waitUntil } from '../processes.mjs';

const root = resolve(import.meta.dirname, '../../../..');
const PORT_VARIABLE = {
  gateway: 'SWITCHYARD_GATEWAY__PORT',
  router: 'SWITCHYARD_ROUTER__PORT',
  'worker-cloud': 'SWITCHYARD_WORKER_CLOUD__PORT',
  metrics: 'SWITCHYARD_METRICS__PORT',
};
export const BENCH_MODELS = ['bench', 'chunks-500', 'slow-1s'];

/** The worker-cloud provider: OpenAI wire format at the fake upstream, with room for every benchmark stream. */
export function benchProvider(upstreamUrl) {
  return {
    name: 'bench',
    kind: 'openai',
    baseUrl: `${upstreamUrl}/v1`,
    apiKeyEnv: 'BENCH_KEY',
    models: BENCH_MODELS,
    concurrency: 4096,
  };
}

/**
 * @param {{ upstream: { url: string }, cpuProfDir?: string, graceMs?: number }} ctx
 * cpuProfDir: run gateway, router and worker-cloud with `node --cpu-prof` writing there (on exit).
 * inspect: run every service with its inspector on a free local port (`inspectPort` of its process entry), for
 * reading its live heap (heap-probe.mjs).
 */
/** Creates one API key in the stack's NATS with limits that never refuse at bench rates; returns it. */
function createBenchKey(natsUrl) {
  const run = spawnSync(
    process.execPath,
    [resolve(root, 'tools/keys/run.cjs'), 'create', '--name', 'bench', '--rpm', '100000000', '--tpm', '100000000000', '--rpd', '1000000000'],
    { env: cleanEnv({ NATS_URL: natsUrl }), encoding: 'utf8' },
  );
  const key = run.stdout.trim();
  if (run.status !== 0 || !key.startsWith('sk-')) throw new Error(`cannot create the bench key: ${run.stderr}`);
  return key;
}

export async function startSwitchyard({ upstream, cpuProfDir, graceMs = 3_000, inspect = false, keyed = false }) {
  const nats = await startNats();
  const cwd = keepTempDir(mkdtempSync(join(tmpdir(), 'switchyard-bench-cwd-'))); // no ./switchyard.yaml is read
  const common = {
    NATS_URL: nats.url,
    LOG_LEVEL: 'warn',
    BENCH_KEY: 'bench-key',
    SWITCHYARD_WORKER_CLOUD__PROVIDERS: JSON.stringify([benchProvider(upstream.url)]),
    SWITCHYARD_WORKER_CLOUD__USE: 'bench',
    SWITCHYARD_SHUTDOWN__GRACE_MS: String(graceMs),
  };
  const services = [];
  const launch = async (app) => {
    const port = await freePort();
    const flags = cpuProfDir && app !== 'metrics' ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`, `--cpu-prof-name=${app}.${Date.now()}.cpuprofile`] : [];
    const inspectPort = inspect ? await freePort() : undefined;
    if (inspectPort) flags.push(`--inspect=127.0.0.1:${inspectPort}`);
    const proc = startProcess(app, process.execPath, [...flags, resolve(root, 'dist/apps', app, 'main.js')], {
      cwd,
      env: cleanEnv({ ...common, [PORT_VARIABLE[app]]: String(port) }),
    });
    const service = { app, port, url: `http://127.0.0.1:${port}`, proc, inspectPort };
    services.push(service);
    await waitUntil(`${app} /health/ready`, () => answersOk(`${service.url}/health/ready`), { timeoutMs: 60_000, proc });
    return service;
  };
  const stop = async () => {
    // Front to back, so nothing new reaches a service that already stopped.
    for (const service of [...services].reverse()) await service.proc.stop(graceMs + 10_000);
    await nats.stop();
    removeTempDir(cwd);
  };
  try {
    await launch('router');
    await Promise.all([launch('worker-cloud'), launch('metrics')]);
    const gateway = await launch('gateway');
    const wanted = BENCH_MODELS.map((m) => `bench:${m}`);
    await waitUntil(
      'the gateway to list the bench models',
      async () => {
        const ids = ((await (await fetch(`${gateway.url}/v1/models`)).json()).data ?? []).map((m) => m.id);
        return wanted.every((id) => ids.includes(id));
      },
      { timeoutMs: 30_000, proc: gateway.proc },
    );
    const key = keyed ? createBenchKey(nats.url) : undefined;
    if (key) {
      // Every replica knows a new key within milliseconds (a KV watch); wait until this one does.
      await waitUntil('the gateway to accept the bench key', () => answersOk(`${gateway.url}/v1/models`, { authorization: `Bearer ${key}` }), { timeoutMs: 10_000, proc: gateway.proc });
    }
    const pidOf = (app) => services.find((s) => s.app === app).proc.pid;
    const inspectPortOf = (app) => services.find((s) => s.app === app).inspectPort;
    return {
      name: keyed ? 'switchyard' : 'switchyard-open',
      title: keyed ? 'Switchyard, API key and limits (gateway → NATS → router → NATS → worker-cloud)' : 'Switchyard, open (no key, no limits)',
      baseUrl: gateway.url,
      natsUrl: nats.url,
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      model: (shape) => `bench:${shape}`,
      processes: [
        { role: 'gateway', pid: pidOf('gateway'), inspectPort: inspectPortOf('gateway') },
        { role: 'router', pid: pidOf('router'), inspectPort: inspectPortOf('router') },
        { role: 'worker-cloud', pid: pidOf('worker-cloud'), inspectPort: inspectPortOf('worker-cloud') },
        { role: 'metrics', pid: pidOf('metrics'), inspectPort: inspectPortOf('metrics') },
        { role: 'nats-server', pid: nats.proc.pid },
      ],
      mainPid: pidOf('gateway'),
      notes: keyed ? ['one API key with limits too high to refuse: every request authenticated and counted'] : ['open gateway (no API key in a fresh NATS store): no auth and no rate limits'],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
