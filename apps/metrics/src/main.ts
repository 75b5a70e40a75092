import { BusServiceModule, launchService } from '@switchyard/runtime';

/**
 * The metrics service. For now it starts, joins NATS and answers `/health` and `/health/ready`;
 * its real work arrives with its own issue.
 */
launchService('metrics', (config) => ({
  module: BusServiceModule.register({ service: 'metrics', natsUrl: config.nats.url }),
  host: config.metrics.host,
  port: config.metrics.port,
}));
