export { LOGGER } from '@switchyard/observability';
/** DI tokens of the gateway app. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
