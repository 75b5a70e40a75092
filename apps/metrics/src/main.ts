import { launchService } from '@switchyard/runtime';
import { AppModule } from './app/app.module';

/** The metrics service: durable event collection, Prometheus metrics on `/metrics`, and the usage API. */
launchService('metrics', (config, logger) => ({
  module: AppModule.register(config, logger),
  host: config.metrics.host,
  port: config.metrics.port,
}));
