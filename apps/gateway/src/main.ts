import { launchService } from '@switchyard/runtime';
import { AppModule } from './app/app.module';
import { frameworkErrors } from './app/http/framework-errors';
import { installJsonBodyParser } from './app/http/json-body-parser';
import { OpenAIExceptionFilter } from './app/http/openai-exception.filter';
import { installRequestIdHook } from './app/http/request-id-hook';
import { configureCors, installSecurityHeaders } from './app/http/security-headers';
import { ChatWebSocketServer } from './app/websocket/chat-websocket.server';

launchService('gateway', (config, logger) => ({
  module: AppModule.register(config, logger),
  host: config.gateway.host,
  port: config.gateway.port,
  fastify: { bodyLimit: config.gateway.bodyLimitBytes, frameworkErrors },
  bodyParser: false,
  configure: (app) => {
    const fastify = app.getHttpAdapter().getInstance();
    installRequestIdHook(fastify);
    installSecurityHeaders(fastify);
    configureCors(app, config.gateway.corsOrigins);
    app.useGlobalFilters(new OpenAIExceptionFilter(logger));
    installJsonBodyParser(fastify);
    app.get(ChatWebSocketServer).attach(app.getHttpServer());
  },
}));
