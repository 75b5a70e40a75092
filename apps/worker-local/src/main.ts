import { launchService } from '@switchyard/runtime';
import { AppModule } from './app/app.module';

launchService('worker-local', (config, logger) => ({
  module: AppModule.register(config, logger),
  host: config.workerLocal.host,
  port: config.workerLocal.port,
}));
