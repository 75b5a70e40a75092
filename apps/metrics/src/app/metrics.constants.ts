import type { SwitchyardConfig } from '@switchyard/config';
import type { NatsConnectionSettings } from '@switchyard/nats';
export { LOGGER } from '@switchyard/observability';

/** DI tokens of the metrics app. */
/** The `DomainMetricSet`, registered on the service's registry (`METRICS_REGISTRY`). */
export const METRICS = Symbol('METRICS');
/** The `EventRecorder`. */
export const RECORDER = Symbol('RECORDER');
/** The `WorkerGauges`. */
export const WORKER_GAUGES = Symbol('WORKER_GAUGES');
/** The `AdminToken` guarding the usage API. */
export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');
/** What the events pipeline needs to know: the metrics section and the NATS URL. */
export const PIPELINE_SETTINGS = Symbol('PIPELINE_SETTINGS');

/** The metrics section of the configuration. */
export type MetricsConfig = SwitchyardConfig['metrics'];

/** Settings of the events pipeline. */
export interface PipelineSettings {
  nats: NatsConnectionSettings;
  metrics: MetricsConfig;
}
