export * from './lib/anthropic-adapter';
export * from './lib/anthropic-messages-request';
export * from './lib/anthropic-stream-converter';
export * from './lib/build-messages-request';
export * from './lib/convert-anthropic-error';
export * from './lib/convert-messages-response';
export * from './lib/map-anthropic-stop-reason';
export * from './lib/read-anthropic-rate-limits';
