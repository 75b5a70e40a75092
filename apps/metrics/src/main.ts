import { loadConfigOrExit } from '@switchyard/config';
import { createLogger } from '@switchyard/observability';
import { bootstrapService, BusServiceModule } from '@switchyard/runtime';

/**
 * The metrics service. For now it starts, joins NATS and answers `/health` and `/health/ready`;
 * its real work arrives with its own issue.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit('metrics');
  const logger = createLogger('metrics', config.log.level);
  await bootstrapService({
    service: 'metrics',
    module: BusServiceModule.register({ service: 'metrics', natsUrl: config.nats.url }),
    host: config.metrics.host,
    port: config.metrics.port,
    logger,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`[metrics] failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
