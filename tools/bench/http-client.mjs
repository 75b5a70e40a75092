#!/usr/bin/env node
// Per-request cost of the HTTP clients worker-cloud could use, against a local server answering a
// small chat.completion at once: undici's Pool (what worker-cloud uses) versus the official openai SDK
// (`.withResponse()` to keep the headers). Sequential requests, after a warm-up; prints median µs.
//
//   node tools/bench/http-client.mjs [requests]
import { createServer } from 'node:http';
import OpenAI from 'openai';
import { Pool } from 'undici';

const n = Number(process.argv[2] ?? 3000);
const body = JSON.stringify({
  id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hi', refusal: null }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-remaining-requests': '99' }).end(body));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const request = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

async function measure(name, once) {
  for (let i = 0; i < 300; i++) await once();
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await once();
    times.push(Number(process.hrtime.bigint() - t) / 1000);
    if (i % 1000 === 0) process.stderr.write(`\r  ${name}: ${i}/${n} `);
  }
  process.stderr.write('\n');
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(n / 2)], p99: times[Math.floor(n * 0.99)] };
}

const pool = new Pool(base, { connections: 4 });
const undici = await measure('undici Pool', async () => {
  const res = await pool.request({ method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, body: JSON.stringify(request) });
  void res.headers['x-ratelimit-remaining-requests'];
  await res.body.json();
});
const sdk = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'k', maxRetries: 0 });
const openai = await measure('openai SDK', async () => {
  const { response } = await sdk.chat.completions.create(request).withResponse();
  void response.headers.get('x-ratelimit-remaining-requests');
});
console.log('| client | median µs per request | p99 µs |');
console.log('|---|---|---|');
console.log(`| undici Pool (baseline) | ${undici.median.toFixed(0)} | ${undici.p99.toFixed(0)} |`);
console.log(`| openai SDK, withResponse() | ${openai.median.toFixed(0)} (${(openai.median / undici.median).toFixed(2)}×) | ${openai.p99.toFixed(0)} |`);
await pool.close();
server.close();
