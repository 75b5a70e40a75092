#!/usr/bin/env node
// The least a Node HTTP hop can cost: a node:http pass-through proxy with a keep-alive agent, no parsing.
// Requests and responses are piped as they come (SSE included); hop-by-hop headers are dropped.
//
//   node tools/bench/harness/raw-proxy.mjs --target http://127.0.0.1:PORT [--port 0]
// Prints one JSON line {"port":…} on stdout once it listens on 127.0.0.1.
import { Agent, createServer, request } from 'node:http';
import { parseArgs } from 'node:util';
import { serveAsChild } from './child-server.mjs';

const { values } = parseArgs({ options: { target: { type: 'string' }, port: { type: 'string', default: '0' } } });
if (!values.target) throw new Error('--target http://host:port is required');
const target = new URL(values.target);
const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 4096, keepAliveMsecs: 30_000 });
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

function forwardable(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

const server = createServer((req, res) => {
  const upstream = request(
    { agent, host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...forwardable(req.headers), host: target.host } },
    (up) => {
      res.writeHead(up.statusCode ?? 502, forwardable(up.headers));
      up.pipe(res);
    },
  );
  upstream.once('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end();
  });
  // The client went away before the answer ended: drop the upstream request too.
  res.once('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
});
serveAsChild(server, Number(values.port));
