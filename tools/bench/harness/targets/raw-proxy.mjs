// Target "raw proxy": raw-proxy.mjs (node:http, keep-alive agent) in front of the fake upstream, the cost of
// one extra HTTP hop in Node.
import { startListeningChild } from './listening-child.mjs';

export async function startRawProxy({ upstream }) {
  const { proc, url } = await startListeningChild('raw proxy', 'raw-proxy.mjs', ['--target', upstream.url]);
  return {
    name: 'raw-proxy',
    title: 'raw node:http proxy',
    baseUrl: url,
    headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
    model: (shape) => shape,
    processes: [{ role: 'raw proxy', pid: proc.pid }],
    mainPid: proc.pid,
    notes: [],
    stop: () => proc.stop(),
  };
}
