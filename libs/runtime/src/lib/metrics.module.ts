import { Module, type DynamicModule } from '@nestjs/common';
import { createProcessMetricsRegistry } from '@switchyard/observability';
import { BearerToken } from './bearer-token';
import { METRICS_REGISTRY, METRICS_SCRAPE_TOKEN } from './metrics';
import { MetricsController } from './metrics.controller';

/**
 * `GET /metrics` with the process metrics of the service. Global, so any module of the app can inject
 * `METRICS_REGISTRY` and register its own metrics there: they are served on the same endpoint.
 */
@Module({})
export class MetricsModule {
  /** `scrapeToken` (`metrics.scrapeToken`): when set, `/metrics` answers only `Authorization: Bearer <token>`. */
  static register(service: string, scrapeToken?: string): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useFactory: () => createProcessMetricsRegistry(service) },
        { provide: METRICS_SCRAPE_TOKEN, useValue: new BearerToken(scrapeToken) },
      ],
      exports: [METRICS_REGISTRY],
    };
  }
}
