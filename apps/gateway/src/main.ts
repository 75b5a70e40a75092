import { launchService } from '@switchyard/runtime';
import { AppModule } from './app/app.module';
import { configureGateway } from './app/configure-gateway';
import { clientErrors } from './app/http/client-errors';
import { frameworkErrors } from './app/http/framework-errors';

launchService('gateway', (config, logger) => ({
  module: AppModule.register(config, logger),
  host: config.gateway.host,
  port: config.gateway.port,
  fastify: { bodyLimit: config.gateway.bodyLimitBytes, frameworkErrors, clientErrorHandler: clientErrors },
  bodyParser: false,
  configure: (app) => configureGateway(app, config, logger),
}));
