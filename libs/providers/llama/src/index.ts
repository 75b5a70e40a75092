export * from './lib/llama-generation-input';
export * from './lib/unsupported-parameter';
export * from './lib/find-unsupported-parameter';
export * from './lib/convert-messages';
export * from './lib/convert-chat-request';
export * from './lib/map-llama-stop-reason';
export * from './lib/plan-token-budget';
