export { LOGGER } from '@switchyard/observability';
/** DI tokens of the router app. */
export const ROUTER_CONFIG = Symbol('ROUTER_CONFIG');
export const REGISTRY = Symbol('REGISTRY');
export const BREAKER = Symbol('BREAKER');
export const LATENCY = Symbol('LATENCY');
