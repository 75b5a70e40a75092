import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, nkeys } from 'nats';
import { startPrivateNats, type TestNats } from '@switchyard/testing';
import type { NatsConnectionSettings } from './connection-settings';
import { decodeText, encodeText } from './json';
import { NatsTransport } from './nats-transport';

const INFER = 'switchyard.worker.w1.infer';
const REQUEST = { timeoutMs: 2_000 };

/** A transport for `settings` that answers on the inference subject, and one that asks it: the round trip must work. */
async function roundTrip(settings: NatsConnectionSettings): Promise<string> {
  const worker = await NatsTransport.connect({ ...settings, name: 'creds-worker' });
  const caller = await NatsTransport.connect({ ...settings, name: 'creds-caller' });
  try {
    worker.serve(INFER, async (message) => encodeText(`echo ${decodeText(message.data)}`));
    await worker.flush();
    return decodeText(await caller.request(INFER, encodeText('hi'), REQUEST));
  } finally {
    await caller.close(0);
    await worker.close(0);
  }
}

/** How a plain nats.js connection with `options` fails (the error's code), or 'connected'. */
async function connectOutcome(url: string, options: Record<string, unknown> = {}): Promise<string> {
  try {
    const nc = await connect({ servers: url, reconnect: false, ...options });
    await nc.close();
    return 'connected';
  } catch (error) {
    return String((error as { code?: string }).code ?? (error as Error).message);
  }
}

describe('NATS credentials and TLS', () => {
  let dir: string;
  const servers: TestNats[] = [];
  const start = async (config: string): Promise<TestNats> => {
    const nats = await startPrivateNats({ config });
    servers.push(nats);
    return nats;
  };

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'switchyard-nats-creds-'))));
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  describe('user and password, with a restricted account for everyone else', () => {
    let nats: TestNats;
    beforeAll(async () => {
      nats = await start(`
        authorization {
          users = [
            { user: svc, password: "pw-svc-0123456789" }
            { user: guest, password: "", permissions: { publish: { allow: ["public.>"] }, subscribe: { allow: ["public.>", "_INBOX.>"] } } }
          ]
        }
        no_auth_user: guest
      `);
    });

    it('serves the inference subjects to a service with the right credentials', async () => {
      await expect(roundTrip({ url: nats.url, user: 'svc', password: 'pw-svc-0123456789' })).resolves.toBe('echo hi');
    });

    it('refuses a wrong password at connect', async () => {
      expect(await connectOutcome(nats.url, { user: 'svc', pass: 'wrong' })).toBe('AUTHORIZATION_VIOLATION');
      await expect(NatsTransport.connect({ url: nats.url, user: 'svc', password: 'wrong', name: 'bad' })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
    });

    it('lets a client without credentials publish nothing on the inference subjects', async () => {
      const worker = await NatsTransport.connect({ url: nats.url, user: 'svc', password: 'pw-svc-0123456789', name: 'creds-worker' });
      const seen: string[] = [];
      const sub = worker.subscribe('switchyard.>', (message) => seen.push(message.subject));
      await worker.flush();
      const anonymous = await connect({ servers: nats.url, reconnect: false });
      const errors: string[] = [];
      void (async () => {
        for await (const status of anonymous.status()) if (status.type === 'error') errors.push(String(status.data));
      })();
      anonymous.publish(INFER, encodeText('sneaky'));
      anonymous.publish('switchyard.events.usage', encodeText('{}'));
      await anonymous.flush();
      anonymous.publish('public.hello', encodeText('fine'));
      await anonymous.flush();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toEqual([]);
      expect(errors.join(' ')).toMatch(/PERMISSIONS_VIOLATION|Permissions Violation/i);
      await anonymous.close();
      sub.close();
      await worker.close(0);
    });
  });

  describe('a token', () => {
    let nats: TestNats;
    beforeAll(async () => (nats = await start('authorization { token: "tok-0123456789abcdef" }')));

    it('connects with the token and is refused without it', async () => {
      await expect(roundTrip({ url: nats.url, token: 'tok-0123456789abcdef' })).resolves.toBe('echo hi');
      expect(await connectOutcome(nats.url)).toBe('AUTHORIZATION_VIOLATION');
    });
  });

  describe('an NKey seed file', () => {
    let nats: TestNats;
    let seedFile: string;
    beforeAll(async () => {
      const user = nkeys.createUser();
      seedFile = join(dir, 'svc.nk');
      writeFileSync(seedFile, `${new TextDecoder().decode(user.getSeed())}\n`);
      nats = await start(`authorization { users = [ { nkey: ${user.getPublicKey()} } ] }`);
    });

    it('signs the server nonce with the seed, and an unknown client is refused', async () => {
      await expect(roundTrip({ url: nats.url, nkeySeedFile: seedFile })).resolves.toBe('echo hi');
      expect(await connectOutcome(nats.url)).toBe('AUTHORIZATION_VIOLATION');
    });

    it('names the setting when the seed file is missing', async () => {
      await expect(NatsTransport.connect({ url: nats.url, nkeySeedFile: join(dir, 'missing.nk'), name: 'x' })).rejects.toThrow(/^nats\.nkeySeedFile: cannot read .*missing\.nk \(ENOENT\)/);
    });
  });

  describe('TLS', () => {
    let nats: TestNats;
    let caFile: string;
    beforeAll(async () => {
      const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
      const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
      openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=switchyard-test-ca');
      openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
      // nats.js checks the certificate against the name `localhost` when it dials 127.0.0.1.
      writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
      openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'san.ext');
      caFile = join(dir, 'ca.pem');
      nats = await start(`tls { cert_file: "${join(dir, 'server.pem')}", key_file: "${join(dir, 'server.key')}" }`);
    });

    it('connects when it trusts the server certificate, and not otherwise', async () => {
      await expect(roundTrip({ url: nats.url, tls: { caFile } })).resolves.toBe('echo hi');
      expect(await connectOutcome(nats.url)).not.toBe('connected');
    });
  });
});
