import { Module, type DynamicModule } from '@nestjs/common';
import type { SwitchyardConfig } from '@switchyard/config';
import type { Logger } from '@switchyard/observability';
import { BusServiceModule, eventsMaxAgeMs } from '@switchyard/runtime';
import { RegistryController } from './registry.controller';
import { WorkerRegistry } from './registry/worker-registry';
import { BREAKER, LATENCY, LOGGER, REGISTRY, ROUTER_CONFIG } from './router.constants';
import { CircuitBreaker } from './routing/circuit-breaker';
import { LatencyTracker } from './routing/latency-tracker';
import { RouterService } from './router.service';

@Module({})
export class AppModule {
  static register(config: SwitchyardConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        BusServiceModule.register({
          service: 'router',
          nats: config.nats,
          metricsScrapeToken: config.metrics.scrapeToken,
          shutdownGraceMs: config.shutdown.graceMs,
          events: { logger, maxAgeMs: eventsMaxAgeMs(config) },
          controllers: [RegistryController],
          providers: [
            { provide: ROUTER_CONFIG, useValue: config.router },
            { provide: LOGGER, useValue: logger },
            { provide: REGISTRY, useValue: new WorkerRegistry(config.router.workerTtlMs) },
            { provide: BREAKER, useValue: new CircuitBreaker(config.router.circuitBreaker) },
            { provide: LATENCY, useValue: new LatencyTracker() },
            RouterService,
          ],
        }),
      ],
    };
  }
}
