import { Module, type DynamicModule } from '@nestjs/common';
import type { SwitchyardConfig } from '@switchyard/config';
import { defaultWorkerId } from '@switchyard/contracts';
import { BUS, BUS_SERVER, BusServer, type BusTransport } from '@switchyard/nats';
import { hostname } from 'node:os';
import type { Logger } from '@switchyard/observability';
import { BusServiceModule } from '@switchyard/runtime';
import { RegistryController } from './registry.controller';
import { RouterBusController } from './router-bus.controller';
import { WorkerRegistry } from './registry/worker-registry';
import { BREAKER, LATENCY, LOGGER, REGISTRY, ROUTER_CONFIG, ROUTER_ID } from './router.constants';
import { CircuitBreaker } from './routing/circuit-breaker';
import { LatencyTracker } from './routing/latency-tracker';
import { RouterService } from './router.service';

@Module({})
export class AppModule {
  static register(config: SwitchyardConfig, logger: Logger): DynamicModule {
    const routerId = defaultWorkerId('router', hostname(), process.pid);
    return {
      module: AppModule,
      imports: [
        BusServiceModule.register({
          service: 'router',
          nats: config.nats,
          metricsScrapeToken: config.metrics.scrapeToken,
          shutdownGraceMs: config.shutdown.graceMs,
          controllers: [RegistryController, RouterBusController],
          providers: [
            { provide: ROUTER_CONFIG, useValue: config.router },
            { provide: ROUTER_ID, useValue: routerId },
            { provide: BUS_SERVER, inject: [BUS], useFactory: (bus: BusTransport) => new BusServer(bus, { replicaId: routerId }) },
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
