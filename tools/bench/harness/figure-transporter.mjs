// The NestJS transporter's own cost: one requester and one responder process on a private nats-server, 64
// requests in flight, each answered with four chunks (a worker's parts), once through Switchyard's BusTransport
// directly (`raw`) and once through BusClient and a NestJS microservice on BusServer (`nest`), alternating
// `reps` times. CPU per request of the two processes together (nats-server is the same work either way and not
// counted). A Switchyard request crosses the transporter twice (gateway → router, router → worker), so twice the
// difference is what it adds to a request, which the report sets against Switchyard's CPU per request.
import { fileURLToPath } from 'node:url';
import { startNats } from './nats-server.mjs';
import { cpuMeter } from './cpu-time.mjs';
import { cleanEnv, startProcess, waitUntil } from './processes.mjs';

const NODE = fileURLToPath(new URL('./transporter-node.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const IN_FLIGHT = 64;

function side(role, mode, args, onLine) {
  return startProcess(`transporter ${role} ${mode}`, process.execPath, ['-r', '@swc-node/register', NODE, role, mode, ...args], {
    cwd: ROOT,
    env: cleanEnv({ SWC_NODE_PROJECT: `${ROOT}/tsconfig.base.json` }),
    onLine,
  });
}

/** One measured run of `mode`: CPU µs per request of requester + responder, and requests per second. */
async function once(url, mode, seconds) {
  let ready = false;
  const server = side('serve', mode, [url], (line) => (ready ||= line.includes('"ready"')));
  try {
    await waitUntil(`the ${mode} responder to start`, () => ready, { timeoutMs: 30_000, proc: server });
    let meter;
    let ended;
    const client = side('ask', mode, [url, String(IN_FLIGHT), String(seconds)], (line) => {
      if (line.includes('"measuring"')) meter = cpuMeter([{ role: 'responder', pid: server.pid }, { role: 'requester', pid: client.pid }]);
      const result = line.startsWith('{') ? JSON.parse(line) : {};
      if (result.ended !== undefined) ended = { count: result.ended, used: meter?.read() };
    });
    const timeout = new Promise((resolve) => setTimeout(resolve, (seconds + 40) * 1_000).unref());
    await Promise.race([client.exited, timeout]);
    if (ended === undefined) {
      await client.stop();
      throw new Error(`the ${mode} requester did not finish:\n${client.output()}`);
    }
    const { count, used } = ended;
    return {
      cpuUsPerRequest: ((used.requester + used.responder) * 1000) / count,
      requesterUs: (used.requester * 1000) / count,
      responderUs: (used.responder * 1000) / count,
      rps: count / seconds,
    };
  } finally {
    await server.stop();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function measureTransporter({ reps, seconds, log }) {
  const nats = await startNats();
  const runs = { raw: [], nest: [] };
  try {
    for (let rep = 1; rep <= reps; rep++) {
      for (const mode of ['raw', 'nest']) {
        log(`   [transporter] ${mode}, rep ${rep}/${reps}: ${IN_FLIGHT} in flight for ${seconds} s`);
        runs[mode].push(await once(nats.url, mode, seconds));
      }
    }
  } finally {
    await nats.stop();
  }
  const summary = (list) => ({
    cpuUsPerRequest: median(list.map((r) => r.cpuUsPerRequest)),
    requesterUs: median(list.map((r) => r.requesterUs)),
    responderUs: median(list.map((r) => r.responderUs)),
    rps: median(list.map((r) => r.rps)),
  });
  const raw = summary(runs.raw);
  const nest = summary(runs.nest);
  return { reps, seconds, inFlight: IN_FLIGHT, raw, nest, addedUsPerHop: nest.cpuUsPerRequest - raw.cpuUsPerRequest };
}
