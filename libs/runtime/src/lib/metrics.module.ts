import { Module, type DynamicModule } from '@nestjs/common';
import { createProcessMetricsRegistry } from '@switchyard/observability';
import { METRICS_REGISTRY } from './metrics';
import { MetricsController } from './metrics.controller';

/**
 * `GET /metrics` with the process metrics of the service. Global, so any module of the app can inject
 * `METRICS_REGISTRY` and register its own metrics there: they are served on the same endpoint.
 */
@Module({})
export class MetricsModule {
  static register(service: string): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [{ provide: METRICS_REGISTRY, useFactory: () => createProcessMetricsRegistry(service) }],
      exports: [METRICS_REGISTRY],
    };
  }
}
