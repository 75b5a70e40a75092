import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestNats } from './nats-server';
import { freePort, waitFor } from './ports';

/** True when a `nats-server` binary is on the PATH. */
export function hasNatsServer(): boolean {
  return spawnSync('nats-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Resolves true when something on `port` greets like a NATS server (`INFO {...}`). */
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

/** Options of `startPrivateNats`. */
export interface PrivateNatsOptions {
  /** A server configuration file's text (authorization, TLS…); the command line still sets address, port and JetStream. */
  config?: string;
}

/** A private NATS server that a test can also take down and bring back, at the same address and with the same store. */
export interface PrivateNats extends TestNats {
  /** Kills the server (SIGKILL, as a crash would): clients lose their connections at once. */
  crash(): Promise<void>;
  /** Starts the server again on the same port and JetStream store; resolves once it greets clients. */
  revive(): Promise<void>;
}

function exitedChild(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function endChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (exitedChild(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}

/**
 * A `nats-server` of the suite's own on a free port: subjects no other process publishes on, so a
 * suite that kills and pauses services never meets workers or routers of another suite, and
 * nothing it does leaks out. JetStream is on (the events stream, API keys and rate limits need it),
 * with its store in a temporary folder removed on `stop()`.
 */
export async function startPrivateNats(options: PrivateNatsOptions = {}): Promise<PrivateNats> {
  if (!hasNatsServer()) {
    throw new Error('this test needs nats-server on the PATH (Debian/Ubuntu: apt-get install -y nats-server; macOS: brew install nats-server)');
  }
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'switchyard-nats-'));
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store];
  if (options.config !== undefined) {
    const file = join(store, 'server.conf');
    writeFileSync(file, options.config);
    args.push('-c', file);
  }
  const removeStore = (): void => rmSync(store, { recursive: true, force: true });
  const launch = async (): Promise<ChildProcess> => {
    const child = spawn('nats-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const output: string[] = [];
    child.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
    await waitFor(() => natsAnswers(port), 5_000, 'a private nats-server').catch((error: Error) => {
      child.kill('SIGKILL');
      throw new Error(`${error.message}\n${output.join('')}`);
    });
    return child;
  };
  let child = await launch().catch((error: Error) => {
    removeStore();
    throw error;
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    crash: () => endChild(child, 'SIGKILL'),
    revive: async () => {
      if (!exitedChild(child)) return;
      child = await launch();
    },
    stop: async () => {
      await endChild(child, 'SIGTERM');
      removeStore();
    },
  };
}
