import { loadConfig } from '@switchyard/config';
import { KeyStore, openKeysBucket } from '@switchyard/keys';
import { connect, type NatsConnection } from 'nats';
import { parseArgs, USAGE, UsageError, type Command, type CommonOptions } from './args';
import { createdMessage, formatTable, publicView } from './format';

/** Exit statuses: 0 done, 1 failed (NATS, configuration, unknown key, duplicate name…), 2 bad command line. */
const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

async function open(options: CommonOptions): Promise<{ nc: NatsConnection; store: KeyStore }> {
  const config = loadConfig();
  const url = options.nats ?? config.nats.url;
  const bucket = options.bucket ?? config.gateway.keysBucket;
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: url.split(',').map((s) => s.trim()), name: 'switchyard-keys-cli', timeout: 5_000 });
  } catch (error) {
    throw new Error(`cannot reach NATS at ${url}: ${(error as Error).message}`);
  }
  try {
    const kv = await openKeysBucket(nc, { bucket, replicas: config.gateway.kvReplicas });
    return { nc, store: new KeyStore(kv) };
  } catch (error) {
    await nc.close();
    throw new Error(`cannot open the keys bucket "${bucket}" on ${url} (is JetStream enabled, nats-server -js?): ${(error as Error).message}`);
  }
}

async function run(command: Exclude<Command, { command: 'help' }>, store: KeyStore): Promise<void> {
  switch (command.command) {
    case 'create': {
      const { key, record } = await store.create({
        name: command.name,
        limits: { rpm: command.rpm, tpm: command.tpm, rpd: command.rpd },
        models: command.models,
      });
      process.stderr.write(createdMessage(record));
      process.stdout.write(`${key}\n`);
      return;
    }
    case 'list': {
      const records = await store.list();
      process.stdout.write(command.json ? `${JSON.stringify(records.map(publicView), null, 2)}\n` : formatTable(records));
      return;
    }
    case 'revoke': {
      const { record, alreadyRevoked } = await store.revoke(command.target);
      process.stdout.write(
        alreadyRevoked
          ? `Key "${record.name}" (${record.id}) was already revoked at ${record.revokedAt}.\n`
          : `Revoked key "${record.name}" (${record.id}); gateways refuse it within about a second.\n`,
      );
      return;
    }
  }
}

/** Runs one command line; resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`keys: ${error.message}\nRun "npm run keys -- help" for usage.\n`);
    return EXIT.usage;
  }
  const { command, options } = parsed;
  if (command.command === 'help') {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  let nc: NatsConnection | undefined;
  try {
    const opened = await open(options);
    nc = opened.nc;
    await run(command, opened.store);
    return EXIT.ok;
  } catch (error) {
    process.stderr.write(`keys: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  } finally {
    await nc?.close();
  }
}
