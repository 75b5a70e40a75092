#!/usr/bin/env node
// `npm start`: runs the whole Switchyard stack on this machine.
// 1. makes sure NATS answers at NATS_URL (default nats://127.0.0.1:4222), starting `nats-server` from PATH if not;
// 2. builds every app and the console's page (Nx caches: a second start builds nothing);
// 3. starts router, worker-local, worker-cloud, metrics and gateway, printing their logs one line each, and starts
//    again, with backoff (restart-backoff.mjs), any that exits on its own while the others keep serving;
// 4. on Ctrl-C (or SIGTERM) stops them gracefully, one after another (gateway first, metrics last), then the NATS
//    server it started, if any.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatLogLine } from './log-format.mjs';
import { cloudProviderNames } from './cloud-providers.mjs';
import { natsAnswersAt } from './nats-probe.mjs';
import { nextRestart } from './restart-backoff.mjs';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const apps = ['router', 'worker-local', 'worker-cloud', 'metrics', 'gateway'];
/** Stopping order: the gateway first (it finishes running requests, which need the rest), metrics last (it counts them). */
const stopOrder = ['gateway', 'router', 'worker-local', 'worker-cloud', 'metrics'];
const children = new Map();
let natsServer;
let natsDir;
let stopping = false;

const say = (text) => process.stdout.write(`[switchyard] ${text}\n`);

function natsAnswers(url) {
  const { hostname, port } = new URL(url.split(',')[0].trim());
  return natsAnswersAt(hostname, Number(port || 4222));
}

async function ensureNats() {
  if (await natsAnswers(natsUrl)) return say(`NATS answers at ${natsUrl}`);
  const found = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).stdout.trim();
  if (!found) {
    say(`nothing answers at ${natsUrl}, and nats-server is not on PATH.`);
    say('Install it (Debian/Ubuntu: sudo apt-get install -y nats-server; macOS: brew install nats-server),');
    say('or point NATS_URL at a running server, then run npm start again.');
    process.exit(1);
  }
  const { hostname, port } = new URL(natsUrl.split(',')[0].trim());
  natsDir = mkdtempSync(join(tmpdir(), 'switchyard-nats-'));
  say(`starting ${found} on ${hostname}:${port || 4222} with JetStream (store: ${natsDir})`);
  natsServer = spawn(found, ['-a', hostname, '-p', String(port || 4222), '-js', '-sd', natsDir], { stdio: 'ignore', detached: true });
  for (let i = 0; i < 50; i++) {
    if (await natsAnswers(natsUrl)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  say('nats-server did not come up within 5 s');
  await shutdown(1);
}

function build() {
  say('building the apps and the console (cached after the first time)…');
  // The console is not a process: the gateway serves its built files at /console.
  const result = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', ...apps, 'console', '--output-style=static'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    say('build failed; see above');
    process.exit(result.status ?? 1);
  }
}

/** One process per app, and one worker-cloud per configured cloud provider. */
function instances() {
  const providers = cloudProviderNames(root, process.env);
  const list = [];
  for (const app of apps) {
    if (app !== 'worker-cloud' || providers.length <= 1) {
      list.push({ name: app, app, env: {} });
      continue;
    }
    providers.forEach((provider, i) => {
      // The first keeps the configured health port; the others take free ones.
      const env = { SWITCHYARD_WORKER_CLOUD__USE: provider, ...(i > 0 ? { SWITCHYARD_WORKER_CLOUD__PORT: '0' } : {}) };
      list.push({ name: `cloud-${provider}`, app, env });
    });
  }
  return list;
}

function startService(instance, exitsInRow = 0) {
  const { name, app, env } = instance;
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', app, 'main.js')], {
    cwd: root,
    env: { ...process.env, NATS_URL: natsUrl, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: Ctrl-C reaches only this script, which then stops each service once, in order.
    detached: true,
  });
  const startedAt = Date.now();
  children.set(name, { child, app });
  say(`${name} started (pid ${child.pid})`);
  const relay = (stream) => {
    let pending = '';
    stream.on('data', (data) => {
      pending += data.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) process.stdout.write(`${formatLogLine(name, line)}\n`);
    });
  };
  relay(child.stdout);
  relay(child.stderr);
  child.on('exit', (code, signal) => {
    if (children.get(name)?.child === child) children.delete(name);
    if (stopping) return;
    const restart = nextRestart(exitsInRow, Date.now() - startedAt);
    say(`${name} exited (${signal ?? `code ${code}`}); starting it again in ${restart.delayMs / 1000} s (the others keep serving)`);
    setTimeout(() => {
      if (!stopping) startService(instance, restart.exitsInRow);
    }, restart.delayMs);
  });
}

async function waitForGateway() {
  const port = process.env.SWITCHYARD_GATEWAY__PORT ?? '62549';
  const url = `http://localhost:${port}`;
  const workerPort = process.env.SWITCHYARD_WORKER_LOCAL__PORT ?? '62551';
  for (let i = 0; !stopping; i++) {
    try {
      // worker-local answers /status once its models have loaded (or it found none).
      const local = await (await fetch(`http://localhost:${workerPort}/status`)).json();
      const models = await (await fetch(`${url}/v1/models`)).json();
      const served = (models.data ?? []).filter((m) => m.id !== 'auto').map((m) => m.id);
      const localListed = (local.models ?? []).every((m) => served.includes(`local:${m.name}`));
      if (localListed && (served.length > 0 || i > 50)) {
        if ((local.models ?? []).length === 0) {
          say('worker-local serves no model (its log above says why); the cloud backends are served. Put a .gguf file in');
          say('models/ or configure workerLocal.models (or unset workerLocal.defaultModel), and restart to serve one.');
        }
        say(`Switchyard is up. OpenAI base URL: ${url}/v1   models: ${['auto', ...served].join(', ')}   (Ctrl-C to stop)`);
        return;
      }
    } catch {
      // not up yet
    }
    if (i > 0 && i % 25 === 0) say('waiting for the services to start…');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  const force = setTimeout(() => {
    for (const { child } of children.values()) child.kill('SIGKILL');
  }, 35_000);
  for (const app of stopOrder) {
    const running = [...children.values()].filter((entry) => entry.app === app).map((entry) => entry.child);
    const exits = running.map((child) => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r))));
    for (const child of running) child.kill('SIGTERM');
    await Promise.all(exits);
  }
  clearTimeout(force);
  if (natsServer) {
    natsServer.kill('SIGTERM');
    await new Promise((r) => natsServer.once('exit', r));
    rmSync(natsDir, { recursive: true, force: true });
  }
  say('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

await ensureNats();
build();
for (const instance of instances()) startService(instance);
await waitForGateway();
