import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isRecord } from './text';
import type { FakeUpstream, FakeUpstreamOptions, RecordedRequest } from './types';

/** One request being answered, handed to a wire format's handler. */
export interface Exchange extends RecordedRequest {
  /** True when the body was not empty and not valid JSON. */
  invalidJson: boolean;
  /** The options as they were when the request arrived. */
  options: FakeUpstreamOptions;
  /** How many POSTs the server has received, this one included. */
  posts: number;
  res: ServerResponse;
  /** Aborted when the response closes, normally or because the client went away. */
  signal: AbortSignal;
}

export type Handler = (exchange: Exchange) => Promise<void>;

/** Waits `ms`, or less when `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted === true) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Waits until `signal` aborts (the client went away or the server closed). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Sends a whole response; `body` objects are serialised as JSON. */
export function sendBody(res: ServerResponse, status: number, headers: Record<string, string>, body: string | object): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function lowerCaseHeaders(raw: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    headers[name] = name in headers ? `${headers[name]}, ${raw[i + 1]}` : raw[i + 1];
  }
  return headers;
}

async function readBody(req: IncomingMessage): Promise<{ body: unknown; invalidJson: boolean }> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  if (text === '') return { body: undefined, invalidJson: false };
  try {
    return { body: JSON.parse(text) as unknown, invalidJson: false };
  } catch {
    return { body: text, invalidJson: true };
  }
}

/** Starts an HTTP server on 127.0.0.1 (free port) that records requests and hands them to `handle`. */
export function startFakeServer(initial: FakeUpstreamOptions, handle: Handler): Promise<FakeUpstream> {
  let options: FakeUpstreamOptions = { ...initial };
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let posts = 0;

  const server = createServer((req, res) => {
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    void (async () => {
      const { body, invalidJson } = await readBody(req);
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: (req.url ?? '/').split('?')[0],
        headers: lowerCaseHeaders(req.rawHeaders),
        body,
      };
      requests.push(recorded);
      if (recorded.method === 'POST') posts++;
      const snapshot = { ...options };
      await sleep(snapshot.latencyMs ?? 0, controller.signal);
      if (controller.signal.aborted) return;
      await handle({ ...recorded, invalidJson, options: snapshot, posts, res, signal: controller.signal });
    })().catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendBody(res, 500, { 'content-type': 'text/plain' }, `fake upstream failed: ${String(error)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(initial.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/v1`,
        requests,
        hits: (model) => requests.filter((r) => r.method === 'POST' && isRecord(r.body) && r.body['model'] === model).length,
        set: (changes) => {
          options = { ...options, ...changes };
        },
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}
