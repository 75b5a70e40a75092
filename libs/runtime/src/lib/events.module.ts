import { Inject, Injectable, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { BUS, EventPublisher, type BusTransport } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import { EVENTS, EventsStreamKeeper } from './events';

/** Options of `EventsModule.register`. */
export interface EventsOptions {
  logger: Logger;
  /** How long the events stream keeps events, should this process create it (`eventsMaxAgeMs(config)`). */
  maxAgeMs: number;
}

const EVENTS_OPTIONS = Symbol('EVENTS_OPTIONS');
/** Longest the shutdown waits for queued events to be stored. */
const FLUSH_TIMEOUT_MS = 2_000;

/** Ensures the stream at start-up (without delaying it when JetStream is missing), stores what is queued at shutdown. */
@Injectable()
class EventsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly keeper: EventsStreamKeeper;

  constructor(
    @Inject(BUS) bus: BusTransport,
    @Inject(EVENTS) private readonly publisher: EventPublisher,
    @Inject(EVENTS_OPTIONS) options: EventsOptions,
  ) {
    this.keeper = new EventsStreamKeeper(bus, options.maxAgeMs, options.logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.keeper.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.keeper.stop();
    await Promise.race([this.publisher.retry(), new Promise((resolve) => setTimeout(resolve, FLUSH_TIMEOUT_MS).unref())]);
    this.publisher.close();
  }
}

/** The process's one `EventPublisher` under `EVENTS` (global), and the events stream kept in place. */
@Module({})
export class EventsModule {
  static register(options: EventsOptions): DynamicModule {
    return {
      module: EventsModule,
      global: true,
      providers: [
        { provide: EVENTS_OPTIONS, useValue: options },
        { provide: EVENTS, inject: [BUS], useFactory: (bus: BusTransport): EventPublisher => new EventPublisher(bus, options.logger) },
        EventsLifecycle,
      ],
      exports: [EVENTS],
    };
  }
}
