import { KeyDirectory, KeyStore, KvRateLimiter, openKeysBucket, openLimitsBucket } from '@switchyard/keys';
import { natsConnectOptions } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import { connect, type NatsConnection } from 'nats';
import type { AccessSettings } from './access-settings';

/** The key records and counters in JetStream, or nothing when JetStream could not be reached at start. */
export interface KeyBackend {
  /** The watched view of every key record; undefined means the gateway runs open. */
  directory?: KeyDirectory;
  /** The shared counters; present whenever `directory` is. */
  limiter?: KvRateLimiter;
  /** The records themselves, for the console's key management; present whenever `directory` is. */
  store?: KeyStore;
  /** Stops watching and closes the connection. */
  close(): Promise<void>;
}

const OPEN = 'the gateway is OPEN: anyone who can reach it may use it, without rate limits';
const CREATE_HINT = 'Create a key with `npm run keys -- create --name <name>`; authentication starts on every replica within a second.';

/** Why the gateway would run open, as the start-up error says in production. */
function refuseOpen(reason: string): Error {
  return new Error(`${reason}; refusing to start open with NODE_ENV=production (set gateway.allowOpen: true to allow it)`);
}

/**
 * Connects to NATS (its own connection, so the inference bus stays untouched), opens or creates both
 * buckets and loads every key record. With no key at all the gateway runs open and says so loudly;
 * in production it refuses to, unless `allowOpen`. Keys created later close it at once (checked live).
 */
export async function openKeyBackend(settings: AccessSettings, logger: Logger): Promise<KeyBackend> {
  const nc: NatsConnection = await connect({
    ...natsConnectOptions(settings.nats),
    name: 'switchyard-gateway-keys',
  });
  const log = (message: string, details: Record<string, unknown>): void => logger.warn(details, message);
  let directory: KeyDirectory;
  let limiter: KvRateLimiter;
  let store: KeyStore;
  try {
    const replicas = settings.kvReplicas;
    const [keysKv, limitsKv] = await Promise.all([
      openKeysBucket(nc, { bucket: settings.keysBucket, replicas }),
      openLimitsBucket(nc, { bucket: settings.rateLimitBucket, replicas }),
    ]);
    directory = await KeyDirectory.open(keysKv, { onProblem: log });
    limiter = new KvRateLimiter(limitsKv);
    store = new KeyStore(keysKv);
  } catch (error) {
    await nc.close();
    const reason = `API keys are unavailable: JetStream KV could not be opened (${(error as Error).message})`;
    if (settings.production && !settings.allowOpen) throw refuseOpen(reason);
    logger.warn({ keysBucket: settings.keysBucket }, `${reason}: ${OPEN}.`);
    return { close: async () => undefined };
  }
  if (directory.size === 0) {
    if (settings.production && !settings.allowOpen) {
      directory.stop();
      await nc.close();
      throw refuseOpen(`no API key exists in bucket "${settings.keysBucket}"`);
    }
    logger.warn({ keysBucket: settings.keysBucket }, `NO API KEYS: ${OPEN}. ${CREATE_HINT}`);
  } else {
    logger.info({ keysBucket: settings.keysBucket, keys: directory.size }, 'API keys required');
  }
  return {
    directory,
    limiter,
    store,
    close: async () => {
      directory.stop();
      // Leased budget goes back before the connection closes, so the other replicas can use it.
      await limiter.close();
      await nc.drain().catch(() => undefined);
    },
  };
}
