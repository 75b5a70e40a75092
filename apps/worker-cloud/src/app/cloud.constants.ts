export { LOGGER } from '@switchyard/observability';
/** DI tokens of worker-cloud. */
export const PROVIDER = Symbol('PROVIDER');
export const ADAPTER = Symbol('ADAPTER');
export const WORKER_ID = Symbol('WORKER_ID');
export const CLOUD_CONFIG = Symbol('CLOUD_CONFIG');
