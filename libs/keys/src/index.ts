export * from './lib/buckets';
export * from './lib/estimate';
export * from './lib/key-directory';
export * from './lib/key-format';
export * from './lib/key-record';
export * from './lib/key-store';
export * from './lib/rate-limiter';
export * from './lib/windows';
