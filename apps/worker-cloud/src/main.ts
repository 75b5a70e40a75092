import { BusServiceModule, launchService } from '@switchyard/runtime';

/**
 * The worker-cloud service. For now it starts, joins NATS and answers `/health` and `/health/ready`;
 * its real work arrives with its own issue.
 */
launchService('worker-cloud', (config) => ({
  module: BusServiceModule.register({ service: 'worker-cloud', natsUrl: config.nats.url }),
  host: config.workerCloud.host,
  port: config.workerCloud.port,
}));
