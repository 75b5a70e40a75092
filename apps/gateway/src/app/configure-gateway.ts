import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { SwitchyardConfig } from '@switchyard/config';
import type { Logger } from '@switchyard/observability';
import { serveConsole } from './console/console-assets';
import { installJsonBodyParser } from './http/json-body-parser';
import { OpenAIExceptionFilter } from './http/openai-exception.filter';
import { installRequestIdHook } from './http/request-id-hook';
import { configureCors, installSecurityHeaders } from './http/security-headers';
import { ChatWebSocketServer } from './websocket/chat-websocket.server';

/** The gateway's HTTP set-up before it listens: request ids, security headers, CORS, OpenAI errors, the JSON parser, WebSocket, the console. */
export async function configureGateway(app: NestFastifyApplication, config: SwitchyardConfig, logger: Logger): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  installRequestIdHook(fastify);
  installSecurityHeaders(fastify);
  configureCors(app, config.gateway.corsOrigins);
  app.useGlobalFilters(new OpenAIExceptionFilter(logger));
  installJsonBodyParser(fastify);
  app.get(ChatWebSocketServer).attach(app.getHttpServer());
  await serveConsole(fastify, config.gateway);
}
