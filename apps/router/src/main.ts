import { loadConfigOrExit } from '@switchyard/config';
import { createLogger } from '@switchyard/observability';
import { bootstrapService } from '@switchyard/runtime';
import { AppModule } from './app/app.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit('router');
  const logger = createLogger('router', config.log.level);
  await bootstrapService({
    service: 'router',
    module: AppModule.register(config, logger),
    host: config.router.host,
    port: config.router.port,
    logger,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`[router] failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
