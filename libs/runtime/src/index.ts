export * from './lib/bootstrap';
export * from './lib/health';
export * from './lib/health.module';
export * from './lib/version';
export * from './lib/bus-service.module';
export * from './lib/launch';
export * from './lib/worker-presence';
export * from './lib/host-resources';
