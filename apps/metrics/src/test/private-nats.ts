import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor, type TestNats } from '@switchyard/testing';

/** Resolves true when something on `port` greets like a NATS server. */
function natsAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('data', (data: Buffer) => done(data.toString().startsWith('INFO')));
    socket.once('error', () => done(false));
  });
}

/**
 * A `nats-server` with JetStream of the suite's own, on a free port with its store in a temporary
 * folder: the events stream, its consumer and the usage bucket are the suite's alone, and nothing
 * on the shared server is touched. Needs `nats-server` on the PATH (`apt-get install nats-server`).
 */
export async function startPrivateNats(): Promise<TestNats> {
  if (spawnSync('nats-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('these tests need nats-server on the PATH (Debian/Ubuntu: apt-get install -y nats-server; macOS: brew install nats-server)');
  }
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'switchyard-metrics-nats-'));
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], { stdio: ['ignore', 'ignore', 'pipe'] });
  const output: string[] = [];
  child.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
  const removeStore = (): void => rmSync(store, { recursive: true, force: true });
  await waitFor(() => natsAnswers(port), 5_000, 'a private nats-server').catch((error: Error) => {
    child.kill('SIGKILL');
    removeStore();
    throw new Error(`${error.message}\n${output.join('')}`);
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
      removeStore();
    },
  };
}
