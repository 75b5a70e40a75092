import { Module, type DynamicModule } from '@nestjs/common';
import type { SwitchyardConfig } from '@switchyard/config';
import type { Logger } from '@switchyard/observability';
import { BUS, BUS_SERVER, type BusTransport } from '@switchyard/nats';
import { BusServiceModule, eventsMaxAgeMs, workerBusServer } from '@switchyard/runtime';
import { ADAPTER, CLOUD_CONFIG, LOGGER, PROVIDER, WORKER_ID } from './cloud.constants';
import { CloudWorkerController } from './cloud-worker.controller';
import { CloudWorkerService } from './cloud-worker.service';
import { CloudInferenceService } from './inference/cloud-inference.service';
import { adapterFor } from './provider/adapter-for';
import type { ResolvedProvider } from './provider/resolved-provider';
import { cloudWorkerId } from './provider/worker-id';
import { UpstreamClient } from './upstream/upstream-client';
import { UpstreamState } from './upstream/upstream-state';

@Module({})
export class AppModule {
  /** With no provider the worker idles (health only), saying so; with one it serves it. */
  static register(config: SwitchyardConfig, logger: Logger, provider: ResolvedProvider | undefined): DynamicModule {
    if (!provider) {
      logger.warn('no cloud provider configured (workerCloud.providers is empty): this worker serves nothing');
      return { module: AppModule, imports: [BusServiceModule.register({ service: 'worker-cloud', nats: config.nats, metricsScrapeToken: config.metrics.scrapeToken, shutdownGraceMs: config.shutdown.graceMs })] };
    }
    const adapter = adapterFor(provider);
    const workerId = config.workerCloud.id ?? cloudWorkerId(provider.name);
    return {
      module: AppModule,
      imports: [
        BusServiceModule.register({
          service: 'worker-cloud',
          nats: config.nats,
          metricsScrapeToken: config.metrics.scrapeToken,
          shutdownGraceMs: config.shutdown.graceMs,
          events: { logger, maxAgeMs: eventsMaxAgeMs(config) },
          controllers: [CloudWorkerController],
          providers: [
            { provide: PROVIDER, useValue: provider },
            { provide: ADAPTER, useValue: adapter },
            { provide: CLOUD_CONFIG, useValue: config.workerCloud },
            { provide: LOGGER, useValue: logger.child({ provider: provider.name }) },
            { provide: WORKER_ID, useValue: workerId },
            { provide: BUS_SERVER, inject: [BUS], useFactory: (bus: BusTransport) => workerBusServer(bus, workerId, config.workerCloud.streamBatchMs) },
            { provide: UpstreamClient, useValue: new UpstreamClient(provider.baseUrl, adapter.authHeaders(provider.apiKey), provider.timeoutMs, provider.concurrency) },
            UpstreamState,
            CloudInferenceService,
            CloudWorkerService,
          ],
        }),
      ],
    };
  }
}
