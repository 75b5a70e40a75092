import 'reflect-metadata';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestPinoLogger, type Logger } from '@switchyard/observability';
import type { FastifyServerOptions } from 'fastify';
import { startBusServer } from './bus-server';
import { stopGracefullyOnSignals } from './shutdown';

export interface BootstrapOptions {
  /** Service name, for logs. */
  service: string;
  /** The app's root module. */
  module: DynamicModule | Type<unknown>;
  host: string;
  port: number;
  logger: Logger;
  /** Extra Fastify server options (body limit, …). */
  fastify?: FastifyServerOptions;
  /** False to keep Nest from registering its body parsers (the app installs its own in `configure`). */
  bodyParser?: boolean;
  /** Called before listening: error handlers, parsers, hooks. */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
}

/**
 * Creates a Nest app on Fastify, starts its bus server (the app's `@MessagePattern` and `@EventPattern`
 * handlers, when its module provides a `BUS_SERVER`) and listens; on SIGTERM/SIGINT it drains (see `stopGracefullyOnSignals`)
 * and exits 0. The app's module must import `DrainModule` (`BusServiceModule` does).
 */
export async function bootstrapService(options: BootstrapOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ logger: false, ...options.fastify });
  const app = await NestFactory.create<NestFastifyApplication>(options.module, adapter, {
    logger: new NestPinoLogger(options.logger),
    bodyParser: options.bodyParser ?? true,
  });
  await options.configure?.(app);
  await startBusServer(app);
  await app.listen(options.port, options.host);
  const stopListening = stopGracefullyOnSignals(app, options.logger);
  // An app closed by its owner (a test, say) stops listening for signals, so they do not pile up in one process.
  const close = app.close.bind(app);
  app.close = async (): Promise<void> => {
    stopListening();
    await close();
  };
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.logger.info({ host: options.host, port }, `${options.service} listening on http://${options.host}:${port}`);
  return app;
}
