export * from './lib/env-overrides';
export * from './lib/load-config';
export * from './lib/schema';
export * from './lib/cloud-capabilities';
