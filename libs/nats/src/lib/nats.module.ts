import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { NatsTransport, type NatsTransportOptions } from './nats-transport';
import { BusClient } from './nest/bus-client';
import type { BusTransport } from './transport';

/** DI token of the app's `BusTransport`. */
export const BUS = Symbol('BUS');
/** DI token of the app's `BusClient` (the bus as a NestJS `ClientProxy`). */
export const BUS_CLIENT = Symbol('BUS_CLIENT');
/** DI token of the app's `BusServer`, when it serves patterns: each app provides its own (its replica id, its stream options). */
export const BUS_SERVER = Symbol('BUS_SERVER');

/** Options of `NatsModule.forRoot`. */
export interface NatsModuleOptions extends NatsTransportOptions {
  /** On shutdown, how long active streams may run before they are cut, in ms. */
  shutdownGraceMs?: number;
}

const OPTIONS = Symbol('NATS_MODULE_OPTIONS');

@Injectable()
class BusLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(BUS) private readonly bus: BusTransport,
    @Inject(OPTIONS) private readonly options: NatsModuleOptions,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close(this.options.shutdownGraceMs ?? 10_000);
  }
}

/** Connects to NATS once per process and provides the transport under `BUS`, and its NestJS client under `BUS_CLIENT`, everywhere. */
@Module({})
export class NatsModule {
  static forRoot(options: NatsModuleOptions): DynamicModule {
    return {
      module: NatsModule,
      global: true,
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: BUS, useFactory: (): Promise<BusTransport> => NatsTransport.connect(options) },
        { provide: BUS_CLIENT, inject: [BUS], useFactory: (bus: BusTransport): BusClient => new BusClient(bus) },
        BusLifecycle,
      ],
      exports: [BUS, BUS_CLIENT],
    };
  }
}
