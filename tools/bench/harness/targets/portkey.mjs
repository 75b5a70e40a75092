// Target "Portkey": @portkey-ai/gateway 1.15.2 (headless) in front of the same fake upstream, told where it is
// with x-portkey-provider / x-portkey-custom-host. It runs with portkey-fetch-fix.mjs preloaded, without which
// its SSE answers are 500s (see that file).
import { resolve } from 'node:path';
import { answersOk, freePort, startProcess, waitUntil } from '../processes.mjs';

const root = resolve(import.meta.dirname, '../../../..');
const server = resolve(root, 'node_modules/@portkey-ai/gateway/build/start-server.js');
const fix = resolve(import.meta.dirname, '../portkey-fetch-fix.mjs');

export async function startPortkey({ upstream }) {
  const port = await freePort();
  const proc = startProcess('portkey', process.execPath, ['--import', fix, server, `--port=${port}`, '--headless'], { cwd: root });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil('Portkey to answer', () => answersOk(`${url}/`), { timeoutMs: 60_000, proc });
  if (!proc.output().includes('[portkey-fetch-fix]')) throw new Error(`Portkey started without the fetch fix:\n${proc.output()}`);
  return {
    name: 'portkey',
    title: 'Portkey gateway 1.15.2 (fetch fix preloaded)',
    baseUrl: url,
    headers: {
      'content-type': 'application/json',
      authorization: 'Bearer x',
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': `${upstream.url}/v1`,
    },
    model: (shape) => shape,
    processes: [{ role: 'portkey', pid: proc.pid }],
    mainPid: proc.pid,
    notes: ['globalThis.fetch wrapped by harness/portkey-fetch-fix.mjs (mutable response headers), or its SSE answers 500'],
    stop: () => proc.stop(),
  };
}
