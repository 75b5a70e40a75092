// Time to first token and tokens/s: node-llama-cpp called directly in-process versus the built
// worker (dist/apps/worker-local/main.js) answering over NATS, same model, context and threads.
//
//   npx nx build worker-local && node apps/worker-local/bench/engine-vs-direct.mjs [model.gguf] [threads] [runs]
//
// Needs NATS at NATS_URL (default nats://127.0.0.1:4222). Each run uses a different prompt so
// neither side profits from a cached prefix; sampling is the worker's OpenAI defaults
// (temperature 1, no top-k, top-p 1, no repeat penalty), 256 tokens per run.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { connect, headers as natsHeaders } from 'nats';
import { LlamaChat, getLlama } from 'node-llama-cpp';

const root = resolve(import.meta.dirname, '../../..');
const modelPath = resolve(process.argv[2] ?? resolve(root, '../shared/models/stories260K.gguf'));
const threads = Number(process.argv[3] ?? 1);
const runs = Number(process.argv[4] ?? 8);
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const contextSize = 2048;
const maxTokens = 256;
const prompts = Array.from({ length: runs + 1 }, (_, i) => `Once upon a time, in story number ${i}, there was`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function direct() {
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: 'error' });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize, threads });
  const chat = new LlamaChat({ contextSequence: context.getSequence() });
  const results = [];
  for (const prompt of prompts) {
    let first = 0;
    let tokens = 0;
    const sent = performance.now();
    await chat.generateResponse([{ type: 'user', text: prompt }], {
      maxTokens, temperature: 1, topK: 0, topP: 1, minP: 0, repeatPenalty: false,
      onTextChunk: () => (first ||= performance.now()),
      onToken: (t) => (tokens += t.length),
    });
    const end = performance.now();
    results.push({ ttft: first - sent, tps: (tokens - 1) / ((end - first) / 1000) });
  }
  await context.dispose();
  await model.dispose();
  return results.slice(1); // the first run warms up
}

async function viaWorker() {
  const workerId = `bench-${process.pid}`;
  const child = spawn(process.execPath, [resolve(root, 'dist/apps/worker-local/main.js')], {
    env: {
      ...process.env,
      NATS_URL: natsUrl,
      LOG_LEVEL: 'warn',
      SWITCHYARD_WORKER_LOCAL__ID: workerId,
      SWITCHYARD_WORKER_LOCAL__PORT: '0',
      SWITCHYARD_WORKER_LOCAL__GPU: 'false',
      SWITCHYARD_WORKER_LOCAL__THREADS: String(threads),
      SWITCHYARD_WORKER_LOCAL__MODELS: JSON.stringify([{ name: 'bench', path: modelPath, contextSize }]),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const nc = await connect({ servers: natsUrl });
  const heartbeat = nc.subscribe('switchyard.workers.heartbeat');
  for await (const msg of heartbeat) if (msg.json().workerId === workerId) break;
  const results = [];
  for (const prompt of prompts) {
    const inbox = `_INBOX.${randomUUID()}`;
    const sub = nc.subscribe(inbox);
    const body = { model: 'local:bench', messages: [{ role: 'user', content: prompt }], max_tokens: maxTokens };
    const request = { requestId: randomUUID(), kind: 'chat', body, deadline: Date.now() + 60_000, target: 'local:bench' };
    let first = 0;
    let tokens = 0;
    const sent = performance.now();
    nc.publish(`switchyard.worker.${workerId}.infer`, JSON.stringify(request), { reply: inbox, headers: natsHeaders() });
    for await (const msg of sub) {
      const frame = msg.headers?.get('sy-frame') ?? '';
      if (frame === 'end' || frame === 'error') break;
      if (frame !== '') continue;
      const part = msg.json();
      if (part.type === 'delta') first ||= performance.now();
      if (part.type === 'usage') tokens = part.completionTokens;
      if (part.type === 'error') throw new Error(part.message);
    }
    const end = performance.now();
    sub.unsubscribe();
    results.push({ ttft: first - sent, tps: (tokens - 1) / ((end - first) / 1000) });
  }
  await nc.close();
  child.kill('SIGTERM');
  return results.slice(1);
}

function report(name, results) {
  const ttft = results.map((r) => r.ttft);
  const tps = results.map((r) => r.tps);
  console.log(`${name.padEnd(28)} TTFT median ${median(ttft).toFixed(1)} ms (min ${Math.min(...ttft).toFixed(1)})   ` +
    `tokens/s median ${median(tps).toFixed(0)} (min ${Math.min(...tps).toFixed(0)}, max ${Math.max(...tps).toFixed(0)})`);
}

console.log(`model ${modelPath}, threads ${threads}, context ${contextSize}, ${maxTokens} tokens x ${runs} runs`);
report('node-llama-cpp direct', await direct());
report('worker-local over NATS', await viaWorker());
