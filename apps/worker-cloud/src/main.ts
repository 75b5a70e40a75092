import { loadConfigOrExit } from '@switchyard/config';
import { createLogger } from '@switchyard/observability';
import { bootstrapService, BusServiceModule } from '@switchyard/runtime';

/**
 * The worker-cloud service. For now it starts, joins NATS and answers `/health` and `/health/ready`;
 * its real work arrives with its own issue.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit('worker-cloud');
  const logger = createLogger('worker-cloud', config.log.level);
  await bootstrapService({
    service: 'worker-cloud',
    module: BusServiceModule.register({ service: 'worker-cloud', natsUrl: config.nats.url }),
    host: config.workerCloud.host,
    port: config.workerCloud.port,
    logger,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`[worker-cloud] failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
