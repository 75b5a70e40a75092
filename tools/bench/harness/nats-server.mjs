// A private nats-server with JetStream for one Switchyard stack: its own free port on 127.0.0.1 and a fresh
// store in a temporary folder (so no API key, rate-limit counter or event from elsewhere is seen).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { natsAnswersAt } from '../../dev/nats-probe.mjs';
import { cleanEnv, freePort, keepTempDir, removeTempDir, startProcess, waitUntil } from './processes.mjs';

/** Starts nats-server from PATH; resolves to { url, proc, stop() } once it answers. */
export async function startNats() {
  const port = await freePort();
  const dir = keepTempDir(mkdtempSync(join(tmpdir(), 'switchyard-bench-nats-')));
  const proc = startProcess('nats-server', 'nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { env: cleanEnv() });
  await waitUntil('nats-server to answer', () => natsAnswersAt('127.0.0.1', port), { timeoutMs: 10_000, proc });
  return {
    url: `nats://127.0.0.1:${port}`,
    proc,
    stop: async () => {
      await proc.stop();
      removeTempDir(dir);
    },
  };
}
