import { launchService } from '@switchyard/runtime';
import { AppModule } from './app/app.module';

launchService('router', (config, logger) => ({
  module: AppModule.register(config, logger),
  host: config.router.host,
  port: config.router.port,
}));
