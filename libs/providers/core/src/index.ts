export * from './lib/provider-adapter';
export * from './lib/retry-after';
export * from './lib/upstream-status';
