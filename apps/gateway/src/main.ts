import { loadConfigOrExit } from '@switchyard/config';
import { createLogger } from '@switchyard/observability';
import { bootstrapService } from '@switchyard/runtime';
import { AppModule } from './app/app.module';
import { installJsonBodyParser } from './app/http/json-body-parser';
import { OpenAIExceptionFilter } from './app/http/openai-exception.filter';

async function main(): Promise<void> {
  const config = loadConfigOrExit('gateway');
  const logger = createLogger('gateway', config.log.level);
  await bootstrapService({
    service: 'gateway',
    module: AppModule.register(config, logger),
    host: config.gateway.host,
    port: config.gateway.port,
    logger,
    fastify: { bodyLimit: config.gateway.bodyLimitBytes },
    bodyParser: false,
    configure: (app) => {
      app.useGlobalFilters(new OpenAIExceptionFilter(logger));
      installJsonBodyParser(app.getHttpAdapter().getInstance());
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`[gateway] failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
