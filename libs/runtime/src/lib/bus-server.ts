import type { INestApplication } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { BUS_SERVER, type BusServer } from '@switchyard/nats';

/**
 * Connects the app's `BusServer` (when its module provides one under `BUS_SERVER`) as a NestJS microservice
 * and starts it: the app's `@MessagePattern` and `@EventPattern` handlers are then subscribed. Called before
 * the app's bootstrap hooks run, so a service that announces itself there (heartbeats) is reachable first.
 */
export async function startBusServer(app: INestApplication): Promise<BusServer | undefined> {
  let server: BusServer;
  try {
    // Through the module reference: the app's own `get` would report a missing provider as a fatal error.
    server = app.get(ModuleRef).get<symbol, BusServer>(BUS_SERVER, { strict: false });
  } catch {
    return undefined;
  }
  app.connectMicroservice<MicroserviceOptions>({ strategy: server }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  return server;
}
