export * from './lib/openai-adapter';
export * from './lib/build-request';
export * from './lib/convert-response';
export * from './lib/convert-error';
export * from './lib/openai-stream-converter';
export * from './lib/read-rate-limits';
export * from './lib/parse-duration';
export * from './lib/map-openai-finish-reason';
