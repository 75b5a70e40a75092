import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

describe('the nats section', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'switchyard-nats-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const load = (env: Record<string, string>) => loadConfig({ env, cwd: dir });
  function errorOf(env: Record<string, string>): string {
    try {
      load(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected loadConfig to fail');
  }

  it('connects anonymously by default', () => {
    expect(load({}).nats).toEqual({ url: 'nats://127.0.0.1:4222' });
  });

  it('takes each way of authenticating and TLS from the environment', () => {
    expect(load({ SWITCHYARD_NATS__USER: 'gateway', SWITCHYARD_NATS__PASSWORD: 's3cret-pass' }).nats).toMatchObject({ user: 'gateway', password: 's3cret-pass' });
    expect(load({ SWITCHYARD_NATS__TOKEN: 'tok-123' }).nats.token).toBe('tok-123');
    expect(load({ SWITCHYARD_NATS__CREDS_FILE: '/run/secrets/gateway.creds' }).nats.credsFile).toBe('/run/secrets/gateway.creds');
    expect(load({ SWITCHYARD_NATS__NKEY_SEED_FILE: '/run/secrets/seed' }).nats.nkeySeedFile).toBe('/run/secrets/seed');
    expect(load({ SWITCHYARD_NATS__TLS__CA_FILE: '/etc/nats/ca.pem' }).nats.tls).toEqual({ caFile: '/etc/nats/ca.pem' });
  });

  it('keeps a numeric password as its digits (environment values parse as JSON)', () => {
    expect(load({ SWITCHYARD_NATS__USER: 'u', SWITCHYARD_NATS__PASSWORD: '123456' }).nats.password).toBe('123456');
    expect(load({ SWITCHYARD_NATS__USER: 'u', SWITCHYARD_NATS__PASSWORD: '007123' }).nats.password).toBe('007123');
    expect(load({ SWITCHYARD_NATS__USER: 'u', SWITCHYARD_NATS__PASSWORD: 'true' }).nats.password).toBe('true');
  });

  it.each([
    [{ SWITCHYARD_NATS__USER: 'gateway' }, /"nats.password" from .*user and password go together/],
    [{ SWITCHYARD_NATS__PASSWORD: 'hunter2-hunter2' }, /"nats.user" from .*user and password go together/],
    [{ SWITCHYARD_NATS__TOKEN: 'a', SWITCHYARD_NATS__CREDS_FILE: '/x.creds' }, /one way of authenticating at most, not token and credsFile/],
    [{ SWITCHYARD_NATS__TLS__CERT_FILE: '/c.pem' }, /"nats.tls.keyFile" from .*certFile and keyFile go together/],
    [{ SWITCHYARD_NATS__TOKEN: '""' }, /"nats.token"/],
    [{ SWITCHYARD_NATS__USERNAME: 'x' }, /unknown setting "nats.username"/],
  ])('refuses %j', (env, message) => {
    expect(errorOf(env)).toMatch(message);
  });

  it('never repeats a credential in its error messages', () => {
    const message = errorOf({ SWITCHYARD_NATS__PASSWORD: 'hunter2-hunter2', SWITCHYARD_NATS__TOKEN: 'tok-secret-42' });
    expect(message).not.toContain('hunter2-hunter2');
    expect(message).not.toContain('tok-secret-42');
  });
});
