import { loadConfigOrExit } from '@switchyard/config';
import { createLogger } from '@switchyard/observability';
import { bootstrapService } from '@switchyard/runtime';
import { AppModule } from './app/app.module';

const config = loadConfigOrExit('worker-local');
const logger = createLogger('worker-local', config.log.level);

bootstrapService({
  service: 'worker-local',
  module: AppModule.register(config, logger),
  host: config.workerLocal.host,
  port: config.workerLocal.port,
  logger,
}).catch((error: unknown) => {
  logger.fatal({ err: error }, 'worker-local failed to start');
  process.exit(1);
});
