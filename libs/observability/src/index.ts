export * from './lib/logger';
export * from './lib/nest-logger';
export * from './lib/request-logger';
export * from './lib/process-metrics';
export * from './lib/logger-token';
