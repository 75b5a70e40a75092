import { readFileSync } from 'node:fs';
import { credsAuthenticator, nkeyAuthenticator, type ConnectionOptions } from 'nats';

/**
 * TLS towards the NATS server (present, even empty: TLS is required, with the system's CAs): the CA that
 * signed the server's certificate, and this client's own certificate when the server asks for one.
 */
export interface NatsTlsSettings {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

/**
 * How a service reaches NATS (`nats` in the configuration). At most one way of authenticating:
 * user and password, a token, a `.creds` file (JWT and NKey seed, as `nsc` writes it) or a file holding
 * an NKey seed. Without any, the service connects anonymously, as a server without authorization expects.
 */
export interface NatsConnectionSettings {
  /** Server URL(s), comma separated; `tls://` ones require TLS. */
  url: string;
  user?: string;
  password?: string;
  token?: string;
  credsFile?: string;
  nkeySeedFile?: string;
  tls?: NatsTlsSettings;
}

/** The part of nats.js's connection options that says where, as whom and how persistently to connect. */
export type NatsConnectOptions = Pick<
  ConnectionOptions,
  'servers' | 'user' | 'pass' | 'token' | 'authenticator' | 'tls' | 'maxReconnectAttempts' | 'reconnectTimeWait' | 'waitOnFirstConnect'
>;

/** A file a setting names, read now, so a wrong path stops the service at start-up with the setting's name. */
function readSettingFile(setting: string, path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`nats.${setting}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/**
 * nats.js options for `settings`: every Switchyard connection waits for the server at start-up and then
 * reconnects forever, every 250 ms. The secrets go to nats.js only: nothing here logs them, and the
 * errors name settings and paths, never a password, token or seed.
 */
export function natsConnectOptions(settings: NatsConnectionSettings): NatsConnectOptions {
  const options: NatsConnectOptions = {
    servers: settings.url.split(',').map((s) => s.trim()),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: true,
  };
  if (settings.user !== undefined) {
    options.user = settings.user;
    options.pass = settings.password;
  }
  if (settings.token !== undefined) options.token = settings.token;
  if (settings.credsFile !== undefined) options.authenticator = credsAuthenticator(readSettingFile('credsFile', settings.credsFile));
  if (settings.nkeySeedFile !== undefined) {
    const seed = new TextDecoder().decode(readSettingFile('nkeySeedFile', settings.nkeySeedFile)).trim();
    options.authenticator = nkeyAuthenticator(new TextEncoder().encode(seed));
  }
  const tls = settings.tls;
  if (tls) {
    // Read here, once, so that a missing file names its setting; nats.js gets the contents.
    const text = (setting: string, path: string | undefined): string | undefined =>
      path === undefined ? undefined : new TextDecoder().decode(readSettingFile(`tls.${setting}`, path));
    options.tls = { ca: text('caFile', tls.caFile), cert: text('certFile', tls.certFile), key: text('keyFile', tls.keyFile) };
  }
  return options;
}
