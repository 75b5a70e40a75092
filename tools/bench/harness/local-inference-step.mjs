// The local-inference benchmark (tools/bench/local-inference.mjs, unchanged) as one step of the run: started as
// its own process against a private nats-server, its Markdown table captured from stdout. The services it starts
// get a short shutdown grace (it does not wait for them), and the run's final sweep stops any that linger.
import { resolve } from 'node:path';
import { startNats } from './nats-server.mjs';
import { cleanEnv, startProcess } from './processes.mjs';

const script = resolve(import.meta.dirname, '../local-inference.mjs');
const root = resolve(import.meta.dirname, '../../..');

/** Resolves to { table } (its Markdown) or { error }. */
export async function runLocalInference({ runs, log }) {
  const nats = await startNats();
  try {
    const proc = startProcess('local-inference', process.execPath, [script, resolve(root, 'apps/worker-local/default-model/stories260K.gguf'), String(runs)], {
      cwd: root,
      env: cleanEnv({ NATS_URL: nats.url, SWITCHYARD_SHUTDOWN__GRACE_MS: '1000' }),
    });
    proc.child.stderr.on('data', (b) => {
      const text = b.toString().replace(/\r/g, '\n').trim();
      if (text) log(`    ${text.split('\n').pop()}`);
    });
    const { code, signal } = await proc.exited;
    const out = proc.output();
    const table = out.split('\n').filter((l) => l.startsWith('|')).join('\n');
    if (code !== 0 || !table) return { error: `exited ${code ?? signal}:\n${out.slice(-2000)}` };
    return { table };
  } finally {
    await new Promise((r) => setTimeout(r, 1500)); // its services stop on their own within their grace
    await nats.stop();
  }
}
