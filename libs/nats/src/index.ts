export * from './lib/connection-settings';
export * from './lib/errors';
export * from './lib/json';
export * from './lib/nats-transport';
export * from './lib/transport';
export * from './lib/nats.module';
export * from './lib/event-publisher';
