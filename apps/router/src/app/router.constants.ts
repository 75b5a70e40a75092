export { LOGGER } from '@switchyard/observability';
/** DI tokens of the router app. */
export const ROUTER_CONFIG = Symbol('ROUTER_CONFIG');
export const REGISTRY = Symbol('REGISTRY');
export const BREAKER = Symbol('BREAKER');
export const LATENCY = Symbol('LATENCY');
/** This router replica's id (`router-<host>-<pid>`): its own subjects are named after it. */
export const ROUTER_ID = Symbol('ROUTER_ID');
