import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { BUS, NatsModule, type BusTransport, type NatsConnectionSettings } from '@switchyard/nats';
import { DrainModule } from './drain.module';
import { EventsModule, type EventsOptions } from './events.module';
import { HealthModule } from './health.module';
import { READINESS_CHECK, type ReadinessCheck } from './health';
import { MetricsModule } from './metrics.module';

/** Options of `BusServiceModule.register`. */
export interface BusServiceOptions {
  /** Service name, for `/health`, the metrics' `service` label and the NATS connection name. */
  service: string;
  /** Where and as whom to reach NATS (`nats` in the configuration). */
  nats: NatsConnectionSettings;
  /** After SIGTERM, how long running work may finish before it is cut, in ms (`shutdown.graceMs`). */
  shutdownGraceMs: number;
  /** `metrics.scrapeToken`: the bearer token `/metrics` then requires. */
  metricsScrapeToken?: string;
  /** For a service that publishes events: provides the `EventPublisher` under `EVENTS` and keeps the events stream in place. */
  events?: EventsOptions;
  /**
   * False leaves `/metrics` to the app. Otherwise it serves the process metrics, and any module may
   * register more on the registry under `METRICS_REGISTRY`.
   */
  metrics?: boolean;
  controllers?: Type<unknown>[];
  providers?: Provider[];
}

/**
 * The common frame of a Switchyard service: a NATS connection, the service's `Drain`, `/health`,
 * `/health/ready` reporting whether NATS is connected (and 503 once draining), and `/metrics`. Apps with richer readiness provide their own check.
 */
@Module({})
export class BusServiceModule {
  static register(options: BusServiceOptions): DynamicModule {
    const imports: DynamicModule[] = [
      NatsModule.forRoot({ ...options.nats, name: `switchyard-${options.service}`, shutdownGraceMs: options.shutdownGraceMs }),
      HealthModule.register(options.service),
      DrainModule.forRoot(options.shutdownGraceMs),
    ];
    if (options.metrics !== false) imports.push(MetricsModule.register(options.service, options.metricsScrapeToken));
    if (options.events) imports.push(EventsModule.register(options.events));
    return {
      module: BusServiceModule,
      imports,
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
