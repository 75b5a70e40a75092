import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { SwitchyardConfig } from '@switchyard/config';
import { BUS, BUS_SERVER, BusServer, NatsModule, type BusTransport } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import { adminDisabledMessage, AdminToken, DrainModule, HealthModule, METRICS_REGISTRY, MetricsModule, READINESS_CHECK, type ReadinessCheck } from '@switchyard/runtime';
import type { Registry } from 'prom-client';
import { EventRecorder } from './events/event-recorder';
import { LiveGaugesController } from './heartbeats/live-gauges.controller';
import { LiveGaugesService } from './heartbeats/live-gauges.service';
import { WorkerGauges } from './heartbeats/worker-gauges';
import { EventsPipeline } from './jetstream/events-pipeline.service';
import { MetricLabels } from './labels/metric-labels';
import { ADMIN_TOKEN, LOGGER, METRICS, PIPELINE_SETTINGS, RECORDER, WORKER_GAUGES, type PipelineSettings } from './metrics.constants';
import { registerDomainMetrics, type DomainMetricSet } from './prometheus/domain-metrics';
import { UsageBusController } from './usage/usage-bus.controller';
import { UsageController } from './usage/usage.controller';
import { UsageService } from './usage/usage.service';

/** The metrics service: events from JetStream, live gauges from heartbeats, `/metrics` and the usage API. */
@Module({})
export class AppModule {
  static register(config: SwitchyardConfig, logger: Logger): DynamicModule {
    const settings: PipelineSettings = { nats: config.nats, metrics: config.metrics };
    const labels = new MetricLabels(config.metrics.maxLabelValues);
    const readiness: Provider = {
      provide: READINESS_CHECK,
      inject: [BUS, EventsPipeline],
      useFactory: (bus: BusTransport, pipeline: EventsPipeline): ReadinessCheck => () => ({ nats: bus.isConnected(), jetstream: pipeline.consuming }),
    };
    return {
      module: AppModule,
      imports: [
        NatsModule.forRoot({ ...config.nats, name: 'switchyard-metrics', shutdownGraceMs: config.shutdown.graceMs }),
        DrainModule.forRoot(config.shutdown.graceMs),
        HealthModule.register('metrics'),
        MetricsModule.register('metrics', config.metrics.scrapeToken),
      ],
      controllers: [UsageController, UsageBusController, LiveGaugesController],
      providers: [
        { provide: PIPELINE_SETTINGS, useValue: settings },
        { provide: LOGGER, useValue: logger },
        { provide: BUS_SERVER, inject: [BUS], useFactory: (bus: BusTransport) => new BusServer(bus) },
        { provide: METRICS, inject: [METRICS_REGISTRY], useFactory: (registry: Registry): DomainMetricSet => registerDomainMetrics(registry) },
        { provide: RECORDER, inject: [METRICS], useFactory: (metrics: DomainMetricSet) => new EventRecorder(metrics, labels) },
        { provide: WORKER_GAUGES, inject: [METRICS], useFactory: (metrics: DomainMetricSet) => new WorkerGauges(metrics, labels, config.metrics.workerTtlMs) },
        { provide: ADMIN_TOKEN, useValue: new AdminToken(config.metrics.adminToken, adminDisabledMessage('The usage API', 'SWITCHYARD_METRICS__ADMIN_TOKEN', 'metrics.adminToken', 'metrics')) },
        EventsPipeline,
        LiveGaugesService,
        UsageService,
        readiness,
      ],
    };
  }
}
