// Starts one of the harness's own servers (fake-upstream.mjs, raw-proxy.mjs) as a child process and waits for
// the {"port":…} line it prints once it listens.
import { resolve } from 'node:path';
import { startProcess } from '../processes.mjs';

const harnessDir = resolve(import.meta.dirname, '..');

/** Runs `node <harness>/<script> ...args`; resolves to { proc, port, url } once it listens. */
export function startListeningChild(name, script, args, timeoutMs = 15_000) {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start within ${timeoutMs} ms:\n${proc.output()}`)), timeoutMs);
    const proc = startProcess(name, process.execPath, [resolve(harnessDir, script), ...args], {
      onLine: (line) => {
        let port;
        try {
          port = JSON.parse(line).port;
        } catch {
          return;
        }
        if (!port) return;
        clearTimeout(timer);
        done({ proc, port, url: `http://127.0.0.1:${port}` });
      },
    });
    proc.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`${name} exited (${code ?? signal}) before it listened:\n${proc.output()}`));
    });
  });
}
