export * from './lib/headers';
export * from './lib/inference-request';
export * from './lib/model-catalog';
export * from './lib/stream-part';
export * from './lib/subjects';
export * from './lib/worker-heartbeat';
export * from './lib/upstream-status';
export * from './lib/upstream-rate-limit-event';
