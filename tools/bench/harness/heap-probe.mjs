// The live JavaScript heap of a Node process started with `--inspect=127.0.0.1:<port>`: a full garbage collection
// through the inspector protocol, then the heap's used size. Unlike resident memory, this does not move with how
// much V8 chose to keep reserved, so growth across windows of the same load means objects that stay reachable.
import { once } from 'node:events';
import WebSocket from 'ws';

/** Connects to the inspector on `port`; { liveHeapMiB(), close() }. */
export async function connectHeapProbe(port) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
  await once(ws, 'open');
  let lastId = 0;
  const pending = new Map();
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    const settle = pending.get(message.id);
    if (!settle) return;
    pending.delete(message.id);
    settle(message);
  });
  const call = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++lastId;
      pending.set(id, (message) => (message.error ? reject(new Error(`${method}: ${message.error.message}`)) : resolve(message.result)));
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    async liveHeapMiB() {
      await call('HeapProfiler.collectGarbage');
      const { usedSize } = await call('Runtime.getHeapUsage');
      return usedSize / 2 ** 20;
    },
    close: () => ws.close(),
  };
}
