import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { BUS, NatsModule, type BusTransport } from '@switchyard/nats';
import { HealthModule } from './health.module';
import { READINESS_CHECK, type ReadinessCheck } from './health';

/** Options of `BusServiceModule.register`. */
export interface BusServiceOptions {
  /** Service name, for `/health` and the NATS connection name. */
  service: string;
  natsUrl: string;
  /** On shutdown, how long running streams may finish before they are cut, in ms. */
  shutdownGraceMs?: number;
  controllers?: Type<unknown>[];
  providers?: Provider[];
}

/**
 * The common frame of a Switchyard service: a NATS connection, `/health`, and `/health/ready`
 * reporting whether NATS is connected. Apps with richer readiness provide their own check.
 */
@Module({})
export class BusServiceModule {
  static register(options: BusServiceOptions): DynamicModule {
    return {
      module: BusServiceModule,
      imports: [NatsModule.forRoot({ url: options.natsUrl, name: `switchyard-${options.service}`, shutdownGraceMs: options.shutdownGraceMs }), HealthModule.register(options.service)],
      controllers: options.controllers ?? [],
      providers: [
        {
          provide: READINESS_CHECK,
          inject: [BUS],
          useFactory: (bus: BusTransport): ReadinessCheck => () => ({ nats: bus.isConnected() }),
        },
        ...(options.providers ?? []),
      ],
    };
  }
}
