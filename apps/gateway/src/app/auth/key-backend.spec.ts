import { spawn, type ChildProcess } from 'node:child_process';
import { Writable } from 'node:stream';
import { KeyStore, openKeysBucket } from '@switchyard/keys';
import type { Logger } from '@switchyard/observability';
import { freePort, startTestNats, waitFor, type TestNats } from '@switchyard/testing';
import { connect, type NatsConnection } from 'nats';
import pino from 'pino';
import type { AccessSettings } from './access-settings';
import { openKeyBackend, type KeyBackend } from './key-backend';

function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** A nats-server without JetStream, on a free port. */
async function natsWithoutJetStream(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `nats://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      const nc = await connect({ servers: url }).catch(() => undefined);
      await nc?.close();
      return nc !== undefined;
    },
    5_000,
    'nats-server (it must be on the PATH)',
  );
  return { url, process: child };
}

describe('openKeyBackend: when the gateway may run open', () => {
  let nats: TestNats;
  let admin: NatsConnection;
  const backends: KeyBackend[] = [];
  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const emptyBucket = `test_gw_empty_${stamp}`;
  const fullBucket = `test_gw_full_${stamp}`;
  const limitsBucket = `test_gw_lim_${stamp}`;

  function settings(overrides: Partial<AccessSettings>): AccessSettings {
    return {
      nats: { url: nats.url },
      keysBucket: emptyBucket,
      rateLimitBucket: limitsBucket,
      kvReplicas: 1,
      allowOpen: false,
      production: false,
      rateLimitFailMode: 'open',
      defaultCompletionTokens: 256,
      ...overrides,
    };
  }

  async function open(overrides: Partial<AccessSettings>, logger: Logger = capturingLogger().logger): Promise<KeyBackend> {
    const backend = await openKeyBackend(settings(overrides), logger);
    backends.push(backend);
    return backend;
  }

  beforeAll(async () => {
    nats = await startTestNats();
    admin = await connect({ servers: nats.url });
    await new KeyStore(await openKeysBucket(admin, { bucket: fullBucket })).create({ name: 'someone' });
  });

  afterAll(async () => {
    for (const backend of backends) await backend.close();
    const jsm = await admin.jetstreamManager();
    for (const bucket of [emptyBucket, fullBucket, limitsBucket]) await jsm.streams.delete(`KV_${bucket}`).catch(() => undefined);
    await admin.close();
    await nats.stop();
  });

  it('runs open with a loud warning when no key exists (outside production)', async () => {
    const { logger, lines } = capturingLogger();
    const backend = await open({}, logger);
    expect(backend.directory?.size).toBe(0);
    expect(lines.join('')).toContain('NO API KEYS: the gateway is OPEN');
    expect(lines.join('')).toContain('"level":40');
  });

  it('refuses to start open in production', async () => {
    await expect(open({ production: true })).rejects.toThrow(
      `no API key exists in bucket "${emptyBucket}"; refusing to start open with NODE_ENV=production (set gateway.allowOpen: true to allow it)`,
    );
  });

  it('starts open in production when allowOpen says so', async () => {
    const backend = await open({ production: true, allowOpen: true });
    expect(backend.directory?.size).toBe(0);
  });

  it('starts in production when keys exist', async () => {
    const { logger, lines } = capturingLogger();
    const backend = await open({ production: true, keysBucket: fullBucket }, logger);
    expect(backend.directory?.size).toBe(1);
    expect(lines.join('')).toContain('API keys required');
  });

  describe('without JetStream', () => {
    let bare: { url: string; process: ChildProcess };

    beforeAll(async () => {
      bare = await natsWithoutJetStream();
    });

    afterAll(() => {
      bare.process.kill('SIGTERM');
    });

    it('runs open outside production, saying why', async () => {
      const { logger, lines } = capturingLogger();
      const backend = await open({ nats: { url: bare.url } }, logger);
      expect(backend.directory).toBeUndefined();
      expect(lines.join('')).toMatch(/API keys are unavailable: JetStream KV could not be opened .*the gateway is OPEN/);
    });

    it('refuses to start in production', async () => {
      await expect(open({ nats: { url: bare.url }, production: true })).rejects.toThrow(/^API keys are unavailable: .*refusing to start open with NODE_ENV=production/);
    });
  });
});
