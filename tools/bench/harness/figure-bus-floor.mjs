// The bus floor: what a request costs on this machine when it crosses Switchyard's processes and does nothing
// else. A Node requester (the gateway's place) asks over a private nats-server, one request at a time:
//   - one round trip: requester → answerer → requester (two hops, the floor of any request/reply);
//   - Switchyard's path: requester → forwarder (the router's place) → answerer (the worker's) → requester,
//     the answer going straight back as Switchyard's replies do (three hops, three processes plus nats-server).
// Payloads are the size of a small chat request and its answer. Switchyard's added latency minus this is
// what its own work costs. Then the same three-hop path with 64 requests in flight for a few seconds: the CPU
// per request of the forwarder, the answerer and nats-server, the floor of Switchyard's CPU per request
// without the HTTP ends (the requester, in the load generator's place, is not counted). The CPU of the same
// processes is also read during the sequential three-hop requests: what one request costs when every process
// wakes up for it, against which Switchyard's CPU per request at 1 connection compares.
import { fileURLToPath } from 'node:url';
import { connect, createInbox } from 'nats';
import { startNats } from './nats-server.mjs';
import { cpuMeter } from './cpu-time.mjs';
import { cleanEnv, startProcess, waitUntil } from './processes.mjs';
import { p50p99 } from './stats.mjs';

const NODE = fileURLToPath(new URL('./bus-floor-node.mjs', import.meta.url));
const REQUEST_BYTES = 400;
const ANSWER_BYTES = 700;

async function startHop(role, url, subject, arg) {
  let ready = false;
  const proc = startProcess(`bus-floor ${role}`, process.execPath, [NODE, role, url, subject, String(arg)], {
    env: cleanEnv(),
    onLine: (line) => (ready ||= line.includes('"ready"')),
  });
  await waitUntil(`bus-floor ${role} to connect`, () => ready, { timeoutMs: 10_000, proc });
  return proc;
}

/** Sequential request/reply timings on `subject`, in ms, after `warmup` unmeasured ones. */
async function timeRequests(nc, subject, count, warmup) {
  const payload = new Uint8Array(REQUEST_BYTES);
  const inbox = createInbox();
  let waiting;
  nc.subscribe(inbox, { callback: () => waiting?.() });
  const ms = [];
  for (let i = 0; i < warmup + count; i++) {
    const started = process.hrtime.bigint();
    await new Promise((resolve) => {
      waiting = resolve;
      nc.publish(subject, payload, { reply: inbox });
    });
    if (i >= warmup) ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return p50p99(ms);
}

/** Requests on `subject` with `inFlight` outstanding at all times for `seconds`; how many were answered. */
async function load(nc, subject, inFlight, seconds) {
  const payload = new Uint8Array(REQUEST_BYTES);
  const inbox = createInbox();
  const until = Date.now() + seconds * 1000;
  let answered = 0;
  return new Promise((resolve) => {
    let open = 0;
    const send = () => {
      open++;
      nc.publish(subject, payload, { reply: inbox });
    };
    nc.subscribe(inbox, {
      callback: () => {
        open--;
        answered++;
        if (Date.now() < until) send();
        else if (open === 0) resolve(answered);
      },
    });
    for (let i = 0; i < inFlight; i++) send();
  });
}

/** CPU of the forwarder, the answerer and nats-server from now on. */
function hopMeter(hops, nats) {
  return cpuMeter([
    { role: 'forwarder', pid: hops[1].pid },
    { role: 'answerer', pid: hops[0].pid },
    { role: 'nats-server', pid: nats.proc.pid },
  ]);
}

/** µs per request of each hop process and of the three together, from CPU ms used over `requests`. */
function perRequest(used, requests) {
  const us = (ms) => (ms * 1000) / Math.max(1, requests);
  const forwarder = us(used.forwarder);
  const answerer = us(used.answerer);
  const natsServer = us(used['nats-server']);
  return { forwarder, answerer, 'nats-server': natsServer, total: forwarder + answerer + natsServer };
}

export async function measureBusFloor({ requests, warmup, log }) {
  const nats = await startNats();
  const hops = [];
  try {
    hops.push(await startHop('answer', nats.url, 'floor.worker', ANSWER_BYTES));
    hops.push(await startHop('forward', nats.url, 'floor.router', 'floor.worker'));
    const nc = await connect({ servers: nats.url, name: 'bus-floor-requester' });
    try {
      log(`   [bus floor] ${requests} sequential requests each way, after ${warmup} of warm-up`);
      const roundTrip = await timeRequests(nc, 'floor.worker', requests, warmup);
      const sequential = hopMeter(hops, nats);
      const threeHops = await timeRequests(nc, 'floor.router', requests, warmup);
      const oneAtATime = perRequest(sequential.read(), requests + warmup);
      log('   [bus floor] three hops, 64 in flight for 5 s');
      await load(nc, 'floor.router', 64, 1);
      const meter = hopMeter(hops, nats);
      const answered = await load(nc, 'floor.router', 64, 5);
      const underLoad = perRequest(meter.read(), answered);
      return {
        roundTripP50: roundTrip.p50,
        roundTripP99: roundTrip.p99,
        threeHopsP50: threeHops.p50,
        threeHopsP99: threeHops.p99,
        requests,
        loadRps: answered / 5,
        cpuUsPerRequest: underLoad.total,
        'cpuUs:forwarder': underLoad.forwarder,
        'cpuUs:answerer': underLoad.answerer,
        'cpuUs:nats-server': underLoad['nats-server'],
        sequentialCpuUsPerRequest: oneAtATime.total,
        'sequentialCpuUs:forwarder': oneAtATime.forwarder,
        'sequentialCpuUs:answerer': oneAtATime.answerer,
        'sequentialCpuUs:nats-server': oneAtATime['nats-server'],
      };
    } finally {
      await nc.close();
    }
  } finally {
    for (const hop of hops) await hop.stop();
    await nats.stop();
  }
}
