#!/usr/bin/env node
// Local inference through Switchyard versus node-llama-cpp called directly in-process:
// time to first token and tokens/s, same model, threads and context size, same prompts.
//
//   npm run bench                       (builds the apps first)
//   node tools/bench/local-inference.mjs [model.gguf] [runs]
//
// "through Switchyard" is the whole path a user takes: the official openai client streaming from the
// gateway, which asks the router over NATS, which asks worker-local over NATS. Needs NATS at NATS_URL.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { LlamaChat, getLlama } from 'node-llama-cpp';
import OpenAI from 'openai';

const root = resolve(import.meta.dirname, '../..');
const modelPath = resolve(process.argv[2] ?? resolve(root, 'apps/worker-local/default-model/stories260K.gguf'));
const runs = Number(process.argv[3] ?? 12);
const threads = 1;
const contextSize = 2048;
const maxTokens = 256;
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const prompts = Array.from({ length: runs + 1 }, (_, i) => `Once upon a time, in story number ${i}, there was`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const progress = (label, i) => process.stderr.write(`\r  ${label}: run ${i}/${runs + 1} `);

function freePort() {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function direct() {
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: 'error' });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize, threads });
  const sequence = context.getSequence();
  const results = [];
  for (const [i, prompt] of prompts.entries()) {
    progress('direct', i + 1);
    await sequence.clearHistory();
    const chat = new LlamaChat({ contextSequence: sequence });
    let first = 0;
    let tokens = 0;
    const sent = performance.now();
    await chat.generateResponse([{ type: 'user', text: prompt }], {
      maxTokens, temperature: 1, topK: 0, topP: 1, minP: 0, repeatPenalty: false,
      onTextChunk: () => (first ||= performance.now()),
      onToken: (t) => (tokens += t.length),
    });
    const end = performance.now();
    chat.dispose({ disposeSequence: false });
    results.push({ ttft: first - sent, tps: (tokens - 1) / ((end - first) / 1000), tokens });
  }
  process.stderr.write('\n');
  await context.dispose();
  await model.dispose();
  return results.slice(1); // the first run warms up
}

async function startStack() {
  const ports = { gateway: await freePort(), router: await freePort(), 'worker-local': await freePort() };
  const env = {
    ...process.env,
    NATS_URL: natsUrl,
    LOG_LEVEL: 'warn',
    SWITCHYARD_GATEWAY__PORT: String(ports.gateway),
    SWITCHYARD_ROUTER__PORT: String(ports.router),
    SWITCHYARD_WORKER_LOCAL__PORT: String(ports['worker-local']),
    SWITCHYARD_WORKER_LOCAL__ID: `bench-${process.pid}`,
    SWITCHYARD_WORKER_LOCAL__GPU: 'false',
    SWITCHYARD_WORKER_LOCAL__THREADS: String(threads),
    SWITCHYARD_WORKER_LOCAL__MODELS: JSON.stringify([{ name: 'bench', path: modelPath, contextSize }]),
  };
  const children = ['router', 'worker-local', 'gateway'].map((name) =>
    spawn(process.execPath, [resolve(root, 'dist/apps', name, 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] }),
  );
  const base = `http://127.0.0.1:${ports.gateway}`;
  for (let i = 0; i < 300; i++) {
    try {
      const models = await (await fetch(`${base}/v1/models`)).json();
      if (models.data?.some((m) => m.id === 'local:bench')) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, stop: () => children.forEach((c) => c.kill('SIGTERM')) };
}

async function throughGateway() {
  const stack = await startStack();
  const client = new OpenAI({ baseURL: `${stack.base}/v1`, apiKey: 'unused', maxRetries: 0 });
  const results = [];
  try {
    for (const [i, prompt] of prompts.entries()) {
      progress('through Switchyard', i + 1);
      let first = 0;
      let tokens = 0;
      const sent = performance.now();
      const stream = await client.chat.completions.create({
        model: 'local:bench', messages: [{ role: 'user', content: prompt }], max_tokens: maxTokens,
        stream: true, stream_options: { include_usage: true },
      });
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) first ||= performance.now();
        if (chunk.usage) tokens = chunk.usage.completion_tokens;
      }
      const end = performance.now();
      results.push({ ttft: first - sent, tps: (tokens - 1) / ((end - first) / 1000), tokens });
    }
  } finally {
    process.stderr.write('\n');
    stack.stop();
  }
  return results.slice(1);
}

function summary(results) {
  const ttft = results.map((r) => r.ttft);
  const tps = results.map((r) => r.tps);
  return { ttft: median(ttft), ttftMin: Math.min(...ttft), ttftMax: Math.max(...ttft), tps: median(tps), tpsMin: Math.min(...tps), tpsMax: Math.max(...tps) };
}

console.error(`model ${modelPath}, threads ${threads}, context ${contextSize}, up to ${maxTokens} tokens, ${runs} runs (+1 warm-up)`);
const a = summary(await direct());
const b = summary(await throughGateway());
const row = (name, s) =>
  `| ${name} | ${s.ttft.toFixed(1)} (${s.ttftMin.toFixed(1)}–${s.ttftMax.toFixed(1)}) | ${s.tps.toFixed(0)} (${s.tpsMin.toFixed(0)}–${s.tpsMax.toFixed(0)}) |`;
console.log('| path | time to first token, ms: median (min–max) | tokens/s: median (min–max) |');
console.log('|---|---|---|');
console.log(row('node-llama-cpp in-process (baseline)', a));
console.log(row('through Switchyard (openai client → gateway → router → worker-local)', b));
console.log(`| ratio Switchyard / baseline | ${(b.ttft / a.ttft).toFixed(2)}× | ${(b.tps / a.tps).toFixed(2)}× |`);
