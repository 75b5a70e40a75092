#!/usr/bin/env node
// A fake OpenAI-format upstream on raw node:http, answering as fast as it can:
//   POST /v1/chat/completions   a chat.completion after --latency-ms (default 0), or with "stream": true an SSE
//                               stream of chat.completion.chunk events whose shape the model name picks
//                               (see stream-shapes.mjs): role chunk, content chunks, finish chunk, a usage chunk
//                               when stream_options.include_usage, then data: [DONE]
//   GET  /v1/models             the models (worker-cloud probes it with its API key)
//   GET  /stats[?tag=T]         { requests, openStreams } (of the streams whose last message carries
//                               `[bench-tag:T]`, with a tag): the harness checks that cancelled streams close
//
//   node tools/bench/harness/fake-upstream.mjs [--port 0] [--latency-ms 0] [--chunks 10] [--gap-ms 0]
// Prints one JSON line {"port":…} on stdout once it listens on 127.0.0.1.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { CHUNK_TEXT, SHORT_STREAM_CHUNKS, streamShape } from './stream-shapes.mjs';
import { serveAsChild } from './child-server.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'latency-ms': { type: 'string', default: '0' },
    chunks: { type: 'string', default: String(SHORT_STREAM_CHUNKS) },
    'gap-ms': { type: 'string', default: '0' },
  },
});
const latencyMs = Number(values['latency-ms']);
const defaults = { chunks: Number(values.chunks), gapMs: Number(values['gap-ms']) };
const MODELS = ['bench', 'chunks-500', 'slow-1s'];
const created = Math.floor(Date.now() / 1000);
let requests = 0;
let openStreams = 0;
const openByTag = new Map();
const TAG = /\[bench-tag:([\w-]{1,64})\]/;

const completion = (model) =>
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created,
    model,
    system_fingerprint: null,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the bench upstream.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 8, completion_tokens: 6, total_tokens: 14 },
  });

/** The SSE events of one stream, as strings, built once per model and kept. */
const eventCache = new Map();
function streamEvents(model, includeUsage) {
  const key = `${model}\0${includeUsage}`;
  let events = eventCache.get(key);
  if (events) return events;
  const { chunks } = streamShape(model, defaults);
  const usage = includeUsage ? { usage: null } : {};
  const chunk = (delta, finish) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model, system_fingerprint: null, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...usage })}\n\n`;
  const content = chunk({ content: CHUNK_TEXT }, null);
  events = {
    role: chunk({ role: 'assistant', content: '' }, null),
    content,
    chunks,
    tail:
      chunk({}, 'stop') +
      (includeUsage
        ? `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model, system_fingerprint: null, choices: [], usage: { prompt_tokens: 8, completion_tokens: chunks, total_tokens: 8 + chunks } })}\n\n`
        : '') +
      'data: [DONE]\n\n',
  };
  eventCache.set(key, events);
  return events;
}

function stream(res, body) {
  const events = streamEvents(body.model, body.stream_options?.include_usage === true);
  const { gapMs } = streamShape(body.model, defaults);
  const content = body.messages?.at?.(-1)?.content;
  const tag = typeof content === 'string' ? TAG.exec(content)?.[1] : undefined;
  openStreams++;
  if (tag) openByTag.set(tag, (openByTag.get(tag) ?? 0) + 1);
  let closed = false;
  res.once('close', () => {
    closed = true;
    openStreams--;
    if (!tag) return;
    const left = openByTag.get(tag) - 1;
    if (left > 0) openByTag.set(tag, left);
    else openByTag.delete(tag);
  });
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-ratelimit-remaining-requests': '100000' });
  if (gapMs === 0) {
    // Everything at once: the fastest an upstream can stream.
    res.end(events.role + events.content.repeat(events.chunks) + events.tail);
    return;
  }
  res.write(events.role);
  let sent = 0;
  const next = () => {
    if (closed) return;
    if (sent === events.chunks) return void res.end(events.tail);
    sent++;
    res.write(events.content);
    timer = setTimeout(next, gapMs);
  };
  let timer = setTimeout(next, 0);
  res.once('close', () => clearTimeout(timer));
}

function answer(req, res, raw) {
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad JSON","type":"invalid_request_error"}}');
    return;
  }
  if (body.stream === true) return stream(res, body);
  const text = completion(body.model ?? 'bench');
  const send = () => res.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-remaining-requests': '100000' }).end(text);
  if (latencyMs > 0) setTimeout(send, latencyMs);
  else send();
}

const server = createServer((req, res) => {
  requests++;
  const path = req.url.split('?')[0];
  if (req.method === 'POST' && path === '/v1/chat/completions') {
    const parts = [];
    req.on('data', (b) => parts.push(b));
    req.on('end', () => answer(req, res, Buffer.concat(parts).toString()));
    return;
  }
  req.resume();
  if (req.method === 'GET' && path === '/v1/models') {
    const data = MODELS.map((id) => ({ id, object: 'model', created, owned_by: 'bench' }));
    return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data }));
  }
  if (req.method === 'GET' && path === '/stats') {
    const tag = new URL(req.url, 'http://x').searchParams.get('tag');
    const open = tag ? (openByTag.get(tag) ?? 0) : openStreams;
    return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ requests, openStreams: open }));
  }
  res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found","type":"invalid_request_error"}}');
});
serveAsChild(server, Number(values.port));
