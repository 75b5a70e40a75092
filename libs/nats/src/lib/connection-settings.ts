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

/** The part of nats.js's connection options that says where and as whom to connect. */
export type NatsConnectOptions = Pick<ConnectionOptions, 'servers' | 'user' | 'pass' | 'token' | 'authenticator' | 'tls'>;

/** A file a setting names, read now, so a wrong path stops the service at start-up with the setting's name. */
function readSettingFile(setting: string, path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`nats.${setting}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/**
 * nats.js options for `settings`. The secrets go to nats.js only: nothing here logs them, and the
 * errors name settings and paths, never a password, token or seed.
 */
export function natsConnectOptions(settings: NatsConnectionSettings): NatsConnectOptions {
  const options: NatsConnectOptions = { servers: settings.url.split(',').map((s) => s.trim()) };
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
    // nats.js reads the files itself when it connects; reading them here names the setting when one is missing.
    if (tls.caFile !== undefined) readSettingFile('tls.caFile', tls.caFile);
    if (tls.certFile !== undefined) readSettingFile('tls.certFile', tls.certFile);
    if (tls.keyFile !== undefined) readSettingFile('tls.keyFile', tls.keyFile);
    options.tls = { caFile: tls.caFile, certFile: tls.certFile, keyFile: tls.keyFile };
  }
  return options;
}
