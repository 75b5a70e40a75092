import { launchService } from '@switchyard/runtime';
import { AppModule } from './app/app.module';
import { resolveProvider } from './app/provider/resolve-provider';

launchService('worker-cloud', (config, logger) => ({
  module: AppModule.register(config, logger, resolveProvider(config.workerCloud, process.env)),
  host: config.workerCloud.host,
  port: config.workerCloud.port,
}));
