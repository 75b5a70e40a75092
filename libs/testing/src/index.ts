export * from './lib/nats-server';
export * from './lib/paths';
export * from './lib/ports';
export * from './lib/openai-spec';
export * from './lib/fake-upstreams';
export * from './lib/events-stream';
export * from './lib/private-nats';
export * from './lib/responses-events';
